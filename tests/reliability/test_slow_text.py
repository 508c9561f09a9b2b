"""Text dateparser is slow on, typed after `/angrycall` (Slack) or `angrycall` (Teams): the
other requests go on meanwhile (issue 12, point 17). One such line held the event loop, and
every request, for half a second."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot import quick_text
from bot.quick_text import read_quick_text
from tests.bot.conftest import AppDriver
from tests.teams.activities import message
from tests.teams.conftest import TeamsDriver

# A line of numbers: dateparser tries each as a day, month and year (~0.5 s on 2 cores).
SLOW_TEXT = " ".join(str(n) for n in range(100))
# The longest the loop may go without running another task while that text is read.
MAX_STALL_SECONDS = 0.1


async def longest_stall(work: Callable[[], Awaitable[object]]) -> float:
    """Run `work` while a ticker measures the longest the event loop was held."""
    stalls = [0.0]
    done = asyncio.Event()

    async def ticker() -> None:
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            stalls.append(now - last)
            last = now

    ticking = asyncio.create_task(ticker())
    try:
        await work()
    finally:
        done.set()
        await ticking
    return max(stalls)


async def test_reading_slow_text_leaves_the_loop_free() -> None:
    stall = await longest_stall(lambda: read_quick_text(
        SLOW_TEXT, now=datetime(2026, 11, 24, tzinfo=UTC), zone=ZoneInfo("Europe/Berlin")))
    assert stall < MAX_STALL_SECONDS, stall


async def test_a_guess_that_takes_too_long_is_given_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quick_text, "PARSE_TIMEOUT_SECONDS", 0.01)
    prefill = await read_quick_text("Acme " + SLOW_TEXT, now=datetime(2026, 11, 24, tzinfo=UTC),
                                    zone=ZoneInfo("UTC"))
    assert prefill.what_happened.startswith("Acme") and prefill.due_date is None


async def test_slack_slow_text_does_not_hold_other_requests(app: AppDriver) -> None:
    assert (await app.command("Acme")).status_code == 200  # first-request work done before

    async def command() -> None:
        assert (await app.command(SLOW_TEXT)).status_code == 200
        await app.slack.await_calls("views.open")

    assert await longest_stall(command) < MAX_STALL_SECONDS


async def test_teams_slow_text_does_not_hold_other_requests(teams: TeamsDriver) -> None:
    first = await teams.send(message(teams.connector.url, "angrycall Acme"))
    assert first.status_code == 202  # first-request work (keys, tokens) done before

    async def command() -> None:
        response = await teams.send(message(teams.connector.url, "angrycall " + SLOW_TEXT))
        assert response.status_code == 202

    assert await longest_stall(command) < MAX_STALL_SECONDS
