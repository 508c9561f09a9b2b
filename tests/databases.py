"""Test databases: a fresh SQLite file per test, a private PostgreSQL database per run."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import SQLModel

from storage.engine import make_engine
from storage.migrate import upgrade_to_head

# CI has PostgreSQL at this address (trust auth); elsewhere set ANGRYCALL_TEST_POSTGRES_URL.
POSTGRES_SERVER_URL = os.environ.get(
    "ANGRYCALL_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def postgres_required() -> bool:
    """In CI a missing PostgreSQL is a failure, never a skip."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@contextmanager
def private_postgres_database() -> Iterator[str]:
    """Create a database for this test run on the server, migrated to head; drop it after."""
    admin = create_engine(POSTGRES_SERVER_URL, isolation_level="AUTOCOMMIT")
    name = f"angrycall_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        admin.dispose()
        if postgres_required():
            raise
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES_SERVER_URL}: {error}")
    url = make_url(POSTGRES_SERVER_URL).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade_to_head(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def empty_postgres_tables(url: str) -> None:
    import storage.models  # noqa: F401  (the tables to empty)
    from storage.migrate import SLACK_SDK_TABLES

    engine = create_engine(url)
    tables = [table.name for table in SQLModel.metadata.sorted_tables] + sorted(SLACK_SDK_TABLES)
    names = ", ".join(f'"{name}"' for name in tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


def migrated_sqlite_url(directory: str) -> str:
    url = f"sqlite:///{directory}/angrycall.db"
    engine = make_engine(url)
    upgrade_to_head(engine)
    engine.dispose()
    return url
