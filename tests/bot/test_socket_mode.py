"""Socket Mode (SLACK_APP_TOKEN): the same app, reached over the fake's WebSocket, not HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.app import build_app
from bot.config import Settings
from tests.bot.conftest import FIXED_NOW
from tests.bot.form_values import case_values
from tests.bot.slack_flows import OWNER, promise_values, submission
from tests.fakeslack import FakeSlack
from tests.slack_requests import BOT_TOKEN, payload

APP_TOKEN = "xapp-1-test"


@pytest.fixture
async def connected(slack: FakeSlack, database_url: str) -> AsyncIterator[FakeSlack]:
    settings = Settings(_env_file=None, slack_bot_token=BOT_TOKEN,  # type: ignore[call-arg]
                        slack_app_token=APP_TOKEN, slack_api_url=slack.api_url,
                        database_url=database_url, ANGRYCALL_TICK_SECONDS=0)
    asgi = build_app(settings, clock=lambda: FIXED_NOW)
    async with asgi.router.lifespan_context(asgi):
        await until(lambda: slack.connected_sockets() > 0)
        yield slack


async def until(condition: Any, timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("timed out")


def command(slack: FakeSlack, text: str) -> dict[str, Any]:
    fields: dict[str, Any] = {**payload("slash_command"), "text": text,
                              "trigger_id": slack.new_trigger_id(),
                              "response_url": slack.new_response_url()}
    return fields


async def acked(slack: FakeSlack, envelope_id: str) -> dict[str, Any]:
    await until(lambda: slack.socket_ack(envelope_id) is not None)
    answer = slack.socket_ack(envelope_id)
    assert answer is not None
    return answer


async def test_help_is_answered_in_the_acknowledgement(connected: FakeSlack) -> None:
    envelope = await asyncio.to_thread(connected.push_envelope, "slash_commands",
                                       command(connected, "help"))
    answer = await acked(connected, envelope)
    assert "/angrycall" in str(answer.get("payload"))


async def test_the_form_opens_and_a_submission_is_stored(connected: FakeSlack) -> None:
    envelope = await asyncio.to_thread(connected.push_envelope, "slash_commands",
                                       command(connected, ""))
    await acked(connected, envelope)
    opened = await connected.await_calls("views.open")
    view = connected.views[opened[-1].response["view"]["id"]]
    body = submission(view, case_values(commitments=(promise_values(),)))
    envelope = await asyncio.to_thread(connected.push_envelope, "interactive", body)
    answer = await acked(connected, envelope)
    assert not answer.get("payload"), answer  # no errors: the modal closes
    # The confirmation and the owner's DM go out over the Web API, as in HTTP mode.
    await until(lambda: any("Acme Corp" in str(e) for e in connected.ephemerals))
    await until(lambda: bool(connected.dm_messages(OWNER)))


async def test_slacks_notices_about_the_app_are_acknowledged(
        connected: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    for notice in ("app_rate_limited", "tokens_revoked", "app_uninstalled"):
        envelope = await asyncio.to_thread(connected.push_envelope, "events_api",
                                           payload(notice))
        await acked(connected, envelope)
    await until(lambda: any("holding back" in r.getMessage() for r in caplog.records))
    await until(lambda: any("uninstalled from Slack workspace T0001" in r.getMessage()
                            for r in caplog.records))
