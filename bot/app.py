"""The whole wiring, in one place: settings -> database -> Slack, Teams -> routes -> lifespan."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import datetime

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
from bot.slack.http_session import slack_http_session
from bot.slack.oauth import INSTALL_PATH, REDIRECT_PATH
from bot.slack.socket_mode import socket_mode_connection
from bot.ticking import running_clock
from storage.engine import Database, make_engine

logger = logging.getLogger(__name__)
TEAMS_PATH = "/api/messages"


@asynccontextmanager
async def shared_connections(bolt: AsyncApp) -> AsyncIterator[None]:
    """One HTTP session (a pool of keep-alive connections) for every request's Slack calls:
    bolt copies its client's session into the client it makes for each request. Without one,
    slack_sdk opens a session and a connection for every call and closes them after."""
    async with slack_http_session() as session:
        bolt.client.session = session
        try:
            yield
        finally:
            bolt.client.session = None


def slack_routes(bolt: AsyncApp, settings: Settings) -> list[Route]:
    slack_handler = AsyncSlackRequestHandler(bolt)

    async def slack_events(request: Request) -> Response:
        try:
            return await slack_handler.handle(request)
        except (ValueError, TypeError, AttributeError, LookupError):
            # bolt parses and routes the body before any middleware (signature check included):
            # a body it can't read (truncated JSON, fields of the wrong type) is refused, not
            # a 500. Nothing has run for it.
            # Logged with its traceback: the same exception from a bug of ours must be seen.
            logger.warning("refused an unreadable request to %s", request.url.path,
                           exc_info=True)
            return JSONResponse({"error": "unreadable request"}, status_code=400)

    routes = [Route("/slack/events", slack_events, methods=["POST"])]
    if settings.oauth:
        # bolt's OAuth flow: the "Add to Slack" page, then Slack's redirect with the code.
        routes += [Route(INSTALL_PATH, slack_events, methods=["GET"]),
                   Route(REDIRECT_PATH, slack_events, methods=["GET"])]
    return routes


def build_app(settings: Settings, *, clock: Callable[[], datetime] = system_clock) -> Starlette:
    services = Services(settings=settings, db=Database(make_engine(settings.database_url)),
                        clock=clock)
    # Slack unless only Teams is configured (with nothing set, Slack says what it needs).
    bolt = build_bolt_app(services) if settings.slack or not settings.teams else None
    ready = asyncio.Event()

    async def healthz(_request: Request) -> Response:
        if ready.is_set() and await database_is_reachable(services.db):
            return JSONResponse({"status": "ok"})
        return JSONResponse({"status": "starting"}, status_code=503)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await prepare_database(services.db)
        async with AsyncExitStack() as stack:
            if bolt is not None:
                await stack.enter_async_context(shared_connections(bolt))
                await stack.enter_async_context(socket_mode_connection(bolt, settings))
            await stack.enter_async_context(running_clock(services))
            ready.set()
            logger.info("angrycall is ready")
            yield
        services.db.dispose()

    routes = [Route("/healthz", healthz, methods=["GET"]),
              *(slack_routes(bolt, settings) if bolt is not None else [])]
    if (teams := services.teams) is not None:
        from bot.teams.handlers import register

        register(teams, services)
        routes.append(Route(TEAMS_PATH, teams.endpoint, methods=["POST"]))
    return Starlette(routes=routes, lifespan=lifespan)
