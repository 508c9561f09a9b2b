"""The migrations build exactly the tables the models describe, on both databases."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (the tables)
from storage.engine import make_engine
from storage.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    include_object,
    is_at_head,
    upgrade_to_head,
)


# Expression indexes can't be compared by reflection; the test below checks that one directly.
@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migrated_schema_matches_the_models(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        options = {"compare_type": True, "include_object": include_object}
        context = MigrationContext.configure(connection, opts=options)
        assert compare_metadata(context, SQLModel.metadata) == []
    assert is_at_head(engine)
    engine.dispose()


def test_the_repeat_customer_index_exists(database_url: str) -> None:
    engine = make_engine(database_url)
    query = ("SELECT name FROM sqlite_master WHERE type = 'index'" if engine.dialect.name ==
             "sqlite" else "SELECT indexname FROM pg_indexes WHERE tablename = 'cases'")
    with engine.connect() as connection:
        names = {row[0] for row in connection.exec_driver_sql(query)}
    engine.dispose()
    assert "ix_cases_workspace_customer" in names


def test_the_head_read_from_the_files_is_alembics() -> None:
    # `serve` reads it without alembic; a migration written another way must not fool it.
    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_upgrading_twice_changes_nothing(tmp_path_factory: object) -> None:
    url = f"sqlite:///{tmp_path_factory.mktemp('m')}/x.db"  # type: ignore[attr-defined]
    engine = make_engine(url)
    assert current_revision(engine) is None
    upgrade_to_head(engine)
    upgrade_to_head(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    engine.dispose()
