"""A response_url read back from a modal is posted to only when it is Slack's."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.slack.webhooks import trusted_response_url
from tests.bot.conftest import AppDriver
from tests.bot.slack_flows import OWNER, submission
from tests.bot.test_commitment_buttons import commitment, nudged, press

SLACK = "https://slack.com/api/"
FAKE = "http://127.0.0.1:4000/api/"


@pytest.mark.parametrize(("url", "api_url", "trusted"), [
    ("https://hooks.slack.com/actions/T0001/1/abc", SLACK, True),
    ("https://hooks.slack.com:443/commands/T0001/1/abc", FAKE, True),
    ("http://hooks.slack.com/actions/T0001/1/abc", SLACK, False),
    ("https://hooks.slack.com.evil.example/actions", SLACK, False),
    ("https://user@hooks.slack.com/actions", SLACK, False),
    ("https://hooks.slack.com:8443/actions", SLACK, False),
    ("https://slack.com/api/chat.postMessage", SLACK, False),
    ("http://127.0.0.1:4000/webhook/H1", FAKE, True),
    ("http://127.0.0.1:4001/webhook/H1", FAKE, False),
    ("http://169.254.169.254/latest/meta-data", FAKE, False),
    ("http://127.0.0.1:99999/x", FAKE, False),
    (None, SLACK, False),
    (["https://hooks.slack.com/a"], SLACK, False),
])
def test_only_slacks_webhook_host_is_trusted(url: object, api_url: str, trusted: bool) -> None:
    assert (trusted_response_url(url, api_url) is not None) is trusted


@pytest.fixture
async def elsewhere() -> AsyncIterator[tuple[str, list[str]]]:
    """A server on loopback that is not Slack, and what it was sent."""
    received: list[str] = []

    async def record(request: web.Request) -> web.Response:
        received.append(await request.text())
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/{tail:.*}", record)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/hook", received
    await runner.cleanup()


async def test_a_forged_response_url_is_not_posted_to(
        app: AppDriver, elsewhere: tuple[str, list[str]]) -> None:
    url, received = elsewhere
    message = await nudged(app)
    modal = await press(app, message, "commitment_done")
    assert modal is not None
    forged = {**modal, "private_metadata": json.dumps(
        {"commitment_id": commitment(app).id, "response_url": url})}
    response = await app.interact(submission(forged, {}, user=OWNER))
    assert response.status_code == 200
    await app.slack.await_calls("chat.postMessage", predicate=lambda c: "case closed" in str(
        c.args.get("text", "")))
    assert commitment(app).status == "done" and received == []
