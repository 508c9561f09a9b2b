"""The app under test: `bot.app.build_app`, its lifespan run, driven by signed requests."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from bot.app import build_app
from bot.config import Settings
from bot.slack.home_refreshes import PUBLISHER_TASK_NAME
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

    async def interact_until_handled(self, payload: dict[str, Any]) -> httpx.Response:
        return await self.until_handled(self.interact(payload))

    async def until_handled(self, request: Awaitable[httpx.Response]) -> httpx.Response:
        """Send a request, then wait until the work it started after its ack is over.

        Bolt answers Slack as soon as a listener acks and runs the rest in a task of its own:
        waiting for those tasks (rather than for a call that may never come, with a timeout)
        tells "opened nothing" from "slow to open" however busy the machine is.
        """
        before = asyncio.all_tasks()
        response = await request  # not started before this line: `before` precedes it
        await _tasks_over(before, deadline=time.monotonic() + HANDLING_SECONDS)
        return response


# Far beyond what a listener takes even on a slow, busy machine: only a hung listener meets it.
HANDLING_SECONDS = 20.0


def _started_since(before: set[asyncio.Task[Any]]) -> set[asyncio.Task[Any]]:
    """Tasks started since `before`, but not the App Home publisher, which waits on purpose
    (a second to gather changes, then Slack's budget) and opens nothing."""
    return {task for task in asyncio.all_tasks() - before
            if task is not asyncio.current_task() and not task.done()
            and task.get_name() != PUBLISHER_TASK_NAME}


async def _tasks_over(before: set[asyncio.Task[Any]], deadline: float) -> None:
    # Again and again: a listener's task may start another (the store behind a submission).
    while (started := _started_since(before)) and time.monotonic() < deadline:
        await asyncio.wait(started, timeout=deadline - time.monotonic())


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
