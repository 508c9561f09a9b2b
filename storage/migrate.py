"""Alembic, driven from code: `angrycall migrate`, and `serve` on SQLite.

Alembic itself (a tenth of `serve`'s memory and a sixth of its imports) loads only to migrate.
Telling whether a database is at the latest revision, which every `serve` does at start-up,
reads the `alembic_version` row and the revision ids of the migration files directly.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, inspect, text

from storage.engine import read_only

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
VERSIONS_DIR = MIGRATIONS_DIR / "versions"
# Tables whose shape slack_sdk's installation and state stores define (migration 0002): they are
# not on SQLModel.metadata, so comparing the schema with the models must leave them out.
SLACK_SDK_TABLES = frozenset({"slack_installations", "slack_bots", "slack_oauth_states"})
VERSION_TABLE = "alembic_version"
# The two assignments alembic's template (migrations/script.py.mako) writes in every file.
REVISION = re.compile(r"^revision(?:: str)? = ['\"](\w+)['\"]", re.MULTILINE)
DOWN_REVISION = re.compile(r"^down_revision(?:: [^=]+)? = (?:['\"](\w+)['\"]|None)",
                           re.MULTILINE)


def include_object(obj: Any, name: str | None, type_: str, _reflected: bool, _other: Any) -> bool:
    """Alembic's filter: everything but slack_sdk's tables (and their indexes and columns)."""
    table = obj.table.name if type_ in {"index", "column", "unique_constraint"} else name
    return table not in SLACK_SDK_TABLES


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade_to_head(engine: Engine) -> None:
    """Apply every migration not yet applied; a database at head is left as it is."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None before the first migration."""
    with read_only(engine).connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        revisions = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))
        return revisions.scalar()


def head_revision() -> str | None:
    """The newest migration's revision: the one no other migration follows."""
    revisions: set[str] = set()
    followed: set[str] = set()
    for path in VERSIONS_DIR.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        if (revision := REVISION.search(source)) is None:
            continue
        revisions.add(revision[1])
        if (down := DOWN_REVISION.search(source)) is not None and down[1]:
            followed.add(down[1])
    heads = revisions - followed
    if len(heads) > 1:
        raise RuntimeError(f"the migrations have several heads: {sorted(heads)}")
    return next(iter(heads), None)


def is_at_head(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()
