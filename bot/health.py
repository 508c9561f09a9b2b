"""The health routes: `/healthz` (alive: the process answers and the database reads) and
`/readyz` (ready: the database accepts writes; a full disk or a read-only database is not)."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.database import database_is_reachable
from storage.engine import Database

logger = logging.getLogger(__name__)

# A readiness probe answers in time: SQLite would otherwise wait out a long write lock.
WRITE_PROBE_SECONDS = 5.0
# A write that changes nothing, committed: it needs the same disk space, lock and permissions
# as any other. alembic_version is the one row every angrycall database has.
WRITE_PROBE = text("UPDATE alembic_version SET version_num = version_num")


def health_routes(db: Database, ready: asyncio.Event) -> list[Route]:
    async def healthz(_request: Request) -> Response:
        if ready.is_set() and await database_is_reachable(db):
            return JSONResponse({"status": "ok"})
        return JSONResponse({"status": "starting"}, status_code=503)

    async def readyz(_request: Request) -> Response:
        if not ready.is_set():
            return JSONResponse({"status": "starting"}, status_code=503)
        if not await database_accepts_writes(db):
            return JSONResponse({"status": "the database refuses writes"}, status_code=503)
        return JSONResponse({"status": "ready"})

    return [Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"])]


async def database_accepts_writes(db: Database) -> bool:
    try:
        await asyncio.wait_for(db.run(lambda session: session.execute(WRITE_PROBE)),
                               WRITE_PROBE_SECONDS)
    except (SQLAlchemyError, TimeoutError):
        logger.warning("readiness check: the database does not accept writes", exc_info=True)
        return False
    return True
