"""Bodies too large, too slow or too deep for `/slack/events` (issue 12, points 12 and 15).

Nothing is read past the limit, nothing unsigned is parsed, and no body, signed or not, ends
in a 5xx. The limits are those of `bot.slack.request_gate`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest

from bot.slack import request_gate
from bot.slack.request_gate import MAX_BODY_BYTES
from tests.bot.conftest import AppDriver
from tests.slack_requests import FORM, JSON, interaction, payload, signed_headers

CHUNK = 64 * 1024


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """Nothing here reaches a database: SQLite alone is enough."""
    return sqlite_url


class Sender:
    """A request body sent in chunks, as slowly as asked; counts what the app pulled."""

    def __init__(self, *, chunks: int, delay: float = 0.0) -> None:
        self.chunks, self.delay, self.pulled = chunks, delay, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self.chunks):
            self.pulled += 1
            await asyncio.sleep(self.delay)
            yield b"x" * CHUNK


async def test_a_declared_size_over_the_limit_is_refused_before_reading(app: AppDriver) -> None:
    sender = Sender(chunks=1600)  # 100 MB
    response = await app.http.post("/slack/events", content=sender, headers={
        "content-type": JSON, "content-length": str(1600 * CHUNK)})
    assert response.status_code == 413
    assert sender.pulled <= 1


async def test_a_streamed_body_is_cut_at_the_limit(app: AppDriver) -> None:
    sender = Sender(chunks=1600)  # chunked: no Content-Length
    response = await app.http.post("/slack/events", content=sender,
                                   headers={"content-type": JSON})
    assert response.status_code == 413
    assert sender.pulled * CHUNK <= MAX_BODY_BYTES + CHUNK


async def test_a_signed_body_at_the_limit_is_read(app: AppDriver) -> None:
    body = json.dumps({**payload("app_home_opened"), "padding": "x" * (MAX_BODY_BYTES - 2000)})
    assert len(body) <= MAX_BODY_BYTES
    assert (await app.event(json.loads(body))).status_code == 200


async def test_a_body_too_slow_to_arrive_is_refused(
    app: AppDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(request_gate, "BODY_TIMEOUT_SECONDS", 0.2)
    response = await app.http.post("/slack/events", content=Sender(chunks=10, delay=0.1),
                                   headers={"content-type": JSON})
    assert response.status_code == 408


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [1_000, 100_000])
async def test_deeply_nested_json_unsigned_is_refused_unparsed(app: AppDriver, depth: int) -> None:
    for body, kind in ((nested(depth), JSON),
                       (interaction({"type": "block_actions", "x": json.loads(nested(50))})
                        .replace("%5B", "%5B" * 20), FORM)):
        response = await app.http.post("/slack/events", content=body,
                                       headers={"content-type": kind})
        assert response.status_code == 401


@pytest.mark.parametrize("depth", [1_000, 100_000])
async def test_deeply_nested_json_signed_is_refused_not_a_500(app: AppDriver, depth: int) -> None:
    event = '{"type": "event_callback", "event": ' + nested(depth) + "}"
    form = "payload=" + '{"type": "block_actions", "actions": ' + nested(depth) + "}"
    for body, kind in ((event, JSON), (form, FORM)):
        response = await app.http.post("/slack/events", content=body,
                                       headers=signed_headers(body, content_type=kind))
        assert 400 <= response.status_code < 500, response.status_code
