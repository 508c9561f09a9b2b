"""The whole wiring, in one place: settings -> database -> Slack, Teams -> routes -> lifespan."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import datetime

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Route

from bot.chart_routes import chart_routes
from bot.config import Settings
from bot.database import prepare_database
from bot.health import health_routes
from bot.services import Services, system_clock
from bot.slack.bolt import build_bolt_app
from bot.slack.routes import slack_routes, slack_running
from bot.ticking import running_clock
from storage.engine import Database, make_engine

logger = logging.getLogger(__name__)
TEAMS_PATH = "/api/messages"


def build_app(settings: Settings, *, clock: Callable[[], datetime] = system_clock) -> Starlette:
    services = Services(settings=settings, db=Database(make_engine(settings.database_url)),
                        clock=clock)
    # Slack unless only Teams is configured (with nothing set, Slack says what it needs).
    bolt = build_bolt_app(services) if settings.slack or not settings.teams else None
    ready = asyncio.Event()
    metrics_routes, middleware, serve_metrics = _metrics(settings, services)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await prepare_database(services.db)
        async with AsyncExitStack() as stack:
            if bolt is not None:
                await stack.enter_async_context(slack_running(bolt, settings))
            await stack.enter_async_context(running_clock(services))
            if serve_metrics is not None:
                stack.callback(serve_metrics())
            ready.set()
            logger.info("angrycall is ready")
            yield
        services.db.dispose()

    routes = [*health_routes(services.db, ready), *chart_routes(services), *metrics_routes,
              *(slack_routes(bolt, settings) if bolt is not None else [])]
    if (teams := services.teams) is not None:
        from bot.teams.handlers import register

        register(teams, services)
        routes.append(Route(TEAMS_PATH, teams.endpoint, methods=["POST"]))
    return Starlette(routes=routes, lifespan=lifespan, middleware=middleware)


def _metrics(settings: Settings, services: Services) -> tuple[
        list[BaseRoute], list[Middleware], Callable[[], Callable[[], None]] | None]:
    """/metrics, the ack timer, and the separate port's server: only when asked for (the
    timer and prometheus-client cost every request and the start-up otherwise)."""
    if not settings.metrics_enabled:
        return [], [], None
    from bot.metrics import (
        AckTimer,
        metrics_route,
        observe_transaction,
        registry_for,
        serve_on_port,
    )

    services.db.observe_transaction = observe_transaction
    registry = registry_for(services.db, services.now)
    routes: list[BaseRoute] = [metrics_route(registry)] if settings.metrics else []
    port = settings.metrics_port
    serve = None if port is None else (lambda: serve_on_port(registry, port))
    return routes, [Middleware(AckTimer)], serve
