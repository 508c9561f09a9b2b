"""The whole wiring, in one place: settings -> database -> Slack -> HTTP routes -> lifespan."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime

from aiohttp import ClientSession
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.config import Settings
from bot.database import database_is_reachable, prepare_database
from bot.services import Services, system_clock
from bot.slack.bolt import build_bolt_app
from bot.slack.oauth import INSTALL_PATH, REDIRECT_PATH
from bot.slack.socket_mode import socket_mode_connection
from bot.ticking import running_clock
from storage.engine import Database, make_engine

logger = logging.getLogger(__name__)


@asynccontextmanager
async def shared_connections(bolt: AsyncApp) -> AsyncIterator[None]:
    """One HTTP session (a pool of keep-alive connections) for every request's Slack calls:
    bolt copies its client's session into the client it makes for each request. Without one,
    slack_sdk opens a session and a connection for every call and closes them after."""
    async with ClientSession() as session:
        bolt.client.session = session
        try:
            yield
        finally:
            bolt.client.session = None


def build_app(settings: Settings, *, clock: Callable[[], datetime] = system_clock) -> Starlette:
    services = Services(settings=settings, db=Database(make_engine(settings.database_url)),
                        clock=clock)
    bolt = build_bolt_app(services)
    slack_handler = AsyncSlackRequestHandler(bolt)
    ready = asyncio.Event()

    async def slack_events(request: Request) -> Response:
        return await slack_handler.handle(request)

    async def healthz(_request: Request) -> Response:
        if ready.is_set() and await database_is_reachable(services.db):
            return JSONResponse({"status": "ok"})
        return JSONResponse({"status": "starting"}, status_code=503)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await prepare_database(services.db)
        async with shared_connections(bolt), socket_mode_connection(bolt, settings), \
                running_clock(services):
            ready.set()
            logger.info("angrycall is ready")
            yield
        services.db.dispose()

    routes = [
        Route("/slack/events", slack_events, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
    ]
    if settings.oauth:
        # bolt's OAuth flow: the "Add to Slack" page, then Slack's redirect with the code.
        routes += [Route(INSTALL_PATH, slack_events, methods=["GET"]),
                   Route(REDIRECT_PATH, slack_events, methods=["GET"])]
    return Starlette(routes=routes, lifespan=lifespan)
