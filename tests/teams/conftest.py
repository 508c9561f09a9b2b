"""The app under test with Teams configured (and no Slack): signed activities into
`/api/messages`, the fake Bot Connector receiving what the agent sends."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
import pytest

from bot.app import build_app
from bot.config import Settings
from bot.services import Services
from bot.ticking import tick_once
from commands.nudges import DispatchReport
from storage.engine import Database, make_engine
from tests.bot.conftest import FIXED_NOW
from tests.teams.activities import APP_ID, TENANT
from tests.teams.fake_connector import FakeBotConnector
from tests.teams.signing import SigningKey

APP_PASSWORD = "a-real-looking-client-secret"


@pytest.fixture(scope="session")
def signing_key() -> SigningKey:
    return SigningKey()


@pytest.fixture(scope="session")
def fake_connector(signing_key: SigningKey) -> Iterator[FakeBotConnector]:
    with FakeBotConnector(jwks=signing_key.jwks()) as fake:
        yield fake


@pytest.fixture
def connector(fake_connector: FakeBotConnector) -> FakeBotConnector:
    fake_connector.reset()
    return fake_connector


def teams_settings(connector: FakeBotConnector, database_url: str, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "teams_app_id": APP_ID, "teams_app_password": APP_PASSWORD, "teams_tenant_id": TENANT,
        "teams_jwks_url": f"{connector.url}/jwks", "teams_token_url": f"{connector.url}/token",
        "database_url": database_url, "tick_seconds": 0,
    }
    return Settings(_env_file=None, **{**values, **extra})  # type: ignore[call-arg]


@dataclass
class TeamsDriver:
    http: httpx.AsyncClient
    connector: FakeBotConnector
    key: SigningKey
    db: Database
    settings: Settings

    async def send(self, activity: dict[str, Any], *, token: str | None = "valid"
                   ) -> httpx.Response:
        # ASCII JSON, as the Bot Connector sends it (escapes can still carry any code point).
        return await self.send_raw(json.dumps(activity).encode(), token=token)

    async def send_raw(self, body: bytes, *, token: str | None = "valid",
                       content_type: str | None = "application/json; charset=utf-8"
                       ) -> httpx.Response:
        headers = {}
        if token == "valid":
            token = self.key.token(audience=APP_ID, service_url=self.connector.url)
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if content_type is not None:
            headers["Content-Type"] = content_type
        return await self.http.post("/api/messages", content=body, headers=headers)

    async def tick(self, at: datetime) -> DispatchReport:
        """What `angrycall tick --at` does: the one claim loop, nudges and digests."""
        return await tick_once(Services(settings=self.settings, db=self.db), now=at,
                               worker="test")


@pytest.fixture
async def teams(connector: FakeBotConnector, signing_key: SigningKey,
                database_url: str) -> AsyncIterator[TeamsDriver]:
    async with driving(teams_settings(connector, database_url), connector,
                       signing_key) as driver:
        yield driver


@asynccontextmanager
async def driving(settings: Settings, connector: FakeBotConnector,
                  signing_key: SigningKey) -> AsyncIterator[TeamsDriver]:
    """The app built from `settings`, served in-process, with a database handle for checks."""
    database_url = settings.database_url
    asgi = build_app(settings, clock=lambda: FIXED_NOW)
    db = Database(make_engine(database_url))
    async with asgi.router.lifespan_context(asgi):
        transport = httpx.ASGITransport(app=asgi)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield TeamsDriver(http=http, connector=connector, key=signing_key, db=db,
                              settings=settings)
    db.dispose()
