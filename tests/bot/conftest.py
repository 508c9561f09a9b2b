"""The app under test: `bot.app.build_app`, its lifespan run, driven by signed requests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from bot.app import build_app
from bot.config import Settings
from storage.engine import Database, make_engine
from tests.fakeslack import FakeSlack
from tests.slack_requests import (
    BOT_TOKEN,
    FORM,
    JSON,
    SIGNING_SECRET,
    event,
    interaction,
    signed_headers,
    slash_command,
)

# A Tuesday afternoon: 10:00 in New York, 16:00 in Berlin, Wednesday 00:00 in Tokyo.
FIXED_NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


@dataclass
class AppDriver:
    """Sends Slack's requests to the app and exposes what it did."""

    http: httpx.AsyncClient
    slack: FakeSlack
    db: Database

    async def post(self, body: str, content_type: str, **headers: str) -> httpx.Response:
        signed = signed_headers(body, content_type=content_type)
        return await self.http.post("/slack/events", content=body, headers={**signed, **headers})

    async def command(self, text: str, **fields: str) -> httpx.Response:
        fields.setdefault("trigger_id", self.slack.new_trigger_id())
        # The fixture's hooks.slack.com URL must never be called: replies go to the fake.
        fields.setdefault("response_url", self.slack.new_response_url())
        return await self.post(slash_command(text, **fields), FORM)

    async def interact(self, payload: dict[str, Any]) -> httpx.Response:
        return await self.post(interaction(payload), FORM)

    async def event(self, payload: dict[str, Any], **headers: str) -> httpx.Response:
        return await self.post(event(payload), JSON, **headers)


def test_settings(slack: FakeSlack, database_url: str) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.api_url,
        database_url=database_url,
    )


@asynccontextmanager
async def running_app(settings: Settings, slack: FakeSlack, *,
                      base_url: str = "http://testserver") -> AsyncIterator[AppDriver]:
    """The app built from `settings`, its lifespan running, driven in-process over ASGI."""
    asgi = build_app(settings, clock=lambda: FIXED_NOW)
    db = Database(make_engine(settings.database_url))
    async with asgi.router.lifespan_context(asgi):
        transport = httpx.ASGITransport(app=asgi)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as http:
            yield AppDriver(http=http, slack=slack, db=db)
    db.dispose()


@pytest.fixture
async def app(slack: FakeSlack, database_url: str) -> AsyncIterator[AppDriver]:
    async with running_app(test_settings(slack, database_url), slack) as driver:
        yield driver
