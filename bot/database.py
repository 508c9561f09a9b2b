"""Getting the database ready at start-up, and telling whether it answers."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.config import ConfigurationError
from storage.engine import Database
from storage.migrate import is_at_head, upgrade_to_head

logger = logging.getLogger(__name__)


async def prepare_database(db: Database) -> None:
    """SQLite (one host) is migrated in place; PostgreSQL must be migrated before deploys."""
    at_head = await asyncio.to_thread(is_at_head, db.engine)  # a read: takes no write lock
    if db.is_sqlite:
        if not at_head:
            await asyncio.to_thread(upgrade_to_head, db.engine)
        return
    if not at_head:
        raise ConfigurationError(
            "The database schema is not at the latest version: run `angrycall migrate` once "
            "(with the same DATABASE_URL) before starting `angrycall serve`."
        )


async def database_is_reachable(db: Database) -> bool:
    try:
        await db.run(lambda session: session.exec(text("SELECT 1")))  # type: ignore[call-overload]
    except SQLAlchemyError:
        logger.warning("health check: the database does not answer", exc_info=True)
        return False
    return True
