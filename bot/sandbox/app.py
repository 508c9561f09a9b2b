"""One process: the real app `angrycall serve` builds, the stand-in for Slack it talks to, the
page that plays Slack's client, and a clock that can be moved forward."""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import Mount

from bot.app import build_app
from bot.clock import worker_name
from bot.config import Settings
from bot.quick_text import start_loading_date_parser
from bot.sandbox.clock import SandboxClock
from bot.sandbox.modals import Modals
from bot.sandbox.slack_side import SlackSide
from bot.sandbox.team import new_world
from bot.sandbox.webapi import API_PATH, FILES_PATH, StandIn
from bot.services import Services
from bot.ticking import tick_once
from commands.nudges import DispatchReport
from storage.engine import Database, make_engine

logger = logging.getLogger(__name__)


@dataclass
class Sandbox:
    slack: SlackSide
    clock: SandboxClock
    services: Services  # the same settings and database as the app's, for the clock control
    address: str

    async def tick(self) -> DispatchReport:
        """What `angrycall tick --at <sandbox now>` does: due nudges, then due digests."""
        return await tick_once(self.services, now=self.clock.now(), worker=worker_name())


def sandbox_settings(base: Settings, *, address: str, database: Path) -> Settings:
    """One workspace's bot token and a signing secret made for this run, and nothing else of
    the environment's Slack or Teams set-up."""
    return Settings(
        _env_file=None,
        slack_bot_token="xoxb-sandbox-" + secrets.token_hex(8),
        slack_signing_secret=secrets.token_hex(16), slack_app_token=None,
        slack_client_id=None, slack_client_secret=None, teams_app_id=None,
        teams_app_password=None, teams_tenant_id=None, teams_allow_anonymous=False,
        slack_api_url=f"{address}{API_PATH}/", database_url=f"sqlite:///{database}",
        ANGRYCALL_CATEGORIES=",".join(base.categories), ANGRYCALL_LOG_LEVEL=base.log_level,
    )


def build_sandbox(base: Settings, *, host: str, port: int, database: Path,
                  start: datetime) -> Starlette:
    from bot.sandbox.page import page_routes

    address = f"http://{f'[{host}]' if ':' in host else host}:{port}"
    settings = sandbox_settings(base, address=address, database=database)
    clock = SandboxClock(start)
    slack = slack_side(settings, address)
    slack.world.clock = clock.now
    services = Services(settings=settings, db=Database(make_engine(settings.database_url)),
                        clock=clock.now)
    sandbox = Sandbox(slack, clock, services, address)
    bot_app = build_app(settings, clock=clock.now)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        async with bot_app.router.lifespan_context(bot_app):
            # The page shows what the bot did within a quarter of a second: its first quick
            # note must not wait for dateparser's import (a server, lean, loads it then).
            start_loading_date_parser()
            print(f"angrycall sandbox: open {address}/ in your browser", flush=True)  # noqa: T201
            yield
        await slack.http.aclose()
        services.db.dispose()

    routes = [*page_routes(sandbox), *slack.stand_in.routes(), Mount("/", app=bot_app)]
    # Only pages asked for by a loopback name: another site can't reach it by DNS rebinding.
    hosts = Middleware(TrustedHostMiddleware, allowed_hosts=[host, "127.0.0.1", "localhost"])
    # The clock ticks every few seconds; its routine lines would bury the address printed.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    return Starlette(routes=routes, lifespan=lifespan, middleware=[hosts])


def slack_side(settings: Settings, address: str) -> SlackSide:
    """The workspace, the stand-in answering the bot's calls, and the side that sends Slack's
    requests to the bot: all sharing one `World`."""
    assert settings.slack_bot_token is not None and settings.slack_signing_secret is not None
    world = new_world()
    world.base_url = address + FILES_PATH
    modals = Modals(world)
    stand_in = StandIn(world, settings.slack_bot_token.get_secret_value(),
                       on_call=modals.after_call)
    return SlackSide(world, stand_in, modals, address,
                     settings.slack_signing_secret.get_secret_value(),
                     httpx.AsyncClient(timeout=10))
