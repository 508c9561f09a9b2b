"""Getting the database ready at start-up, and telling whether it answers."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import text
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.config import ConfigurationError
from storage.engine import Database, engine_url, make_engine
from storage.migrate import is_at_head, upgrade_to_head

logger = logging.getLogger(__name__)
URL_FORMS = ("sqlite:///path/to/angrycall.db or "
             "postgresql://user:password@host:5432/database")
# What the driver's first line says, and what the operator can do about it.
HINTS = (
    ("does not exist", "create that database (createdb NAME) or fix its name in the URL"),
    ("password authentication failed", "check the user name and password in the URL"),
    ("unable to open database file", "the SQLite file's folder must exist and be writable"),
    ("readonly database", "the SQLite file and its folder must be writable by this user"),
)
NOT_MIGRATED = ("The database schema is not at the latest version: run `angrycall migrate` once "
                "(with the same DATABASE_URL) before starting `angrycall serve`.")
ANY_HINT = "check the host, port and that the server is running and accepts connections"


async def prepare_database(db: Database) -> None:
    """SQLite (one host) is migrated in place; PostgreSQL must be migrated before deploys."""
    at_head = await asyncio.to_thread(is_at_head, db.engine)  # a read: takes no write lock
    if db.is_sqlite:
        if not at_head:
            await asyncio.to_thread(upgrade_to_head, db.engine)
        return
    if not at_head:
        raise ConfigurationError(NOT_MIGRATED)


def require_migrated(url: str) -> None:
    """Before `serve` starts its server: PostgreSQL's schema must be current (SQLite is
    migrated by `serve` itself), said in one line rather than as a failed start-up."""
    engine = make_engine(url)
    try:
        if engine.dialect.name != "sqlite" and not is_at_head(engine):
            raise ConfigurationError(NOT_MIGRATED)
    finally:
        engine.dispose()


async def database_is_reachable(db: Database) -> bool:
    try:
        await db.run(lambda session: session.exec(text("SELECT 1")))  # type: ignore[call-overload]
    except SQLAlchemyError:
        logger.warning("health check: the database does not answer", exc_info=True)
        return False
    return True


def check_database(url: str) -> None:
    """Open one write transaction on DATABASE_URL: a URL that can't work is refused in one line
    naming the variable (ConfigurationError) before anything starts."""
    try:
        engine = make_engine(url)
    except (ArgumentError, ImportError, ValueError) as error:
        raise ConfigurationError(
            f"DATABASE_URL is not a database URL angrycall can use ({_first_line(error)}); "
            f"set it to {URL_FORMS}") from None
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("SELECT 1")
    except SQLAlchemyError as error:
        reason = _first_line(getattr(error, "orig", None) or error)
        raise ConfigurationError(
            f"DATABASE_URL: cannot use the database at {_shown(url)} ({reason}); "
            f"{_hint(reason)}") from None
    finally:
        engine.dispose()


def _shown(url: str) -> str:
    return engine_url(url).render_as_string(hide_password=True)


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines() or [type(error).__name__]
    return " ".join(lines[0].split())[:200]


def _hint(reason: str) -> str:
    return next((hint for marker, hint in HINTS if marker in reason), ANY_HINT)
