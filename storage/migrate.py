"""Alembic, driven from code: `angrycall migrate`, and `serve` on SQLite."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from storage.engine import read_only

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Tables whose shape slack_sdk's installation and state stores define (migration 0002): they are
# not on SQLModel.metadata, so comparing the schema with the models must leave them out.
SLACK_SDK_TABLES = frozenset({"slack_installations", "slack_bots", "slack_oauth_states"})


def include_object(obj: Any, name: str | None, type_: str, _reflected: bool, _other: Any) -> bool:
    """Alembic's filter: everything but slack_sdk's tables (and their indexes and columns)."""
    table = obj.table.name if type_ in {"index", "column", "unique_constraint"} else name
    return table not in SLACK_SDK_TABLES


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade_to_head(engine: Engine) -> None:
    """Apply every migration not yet applied; a database at head is left as it is."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def current_revision(engine: Engine) -> str | None:
    with read_only(engine).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def is_at_head(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()
