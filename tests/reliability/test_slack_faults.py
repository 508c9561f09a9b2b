"""The fake Slack answering 429, 500 and timing out for a while, during dispatch and ingest.

Dispatch runs tick after tick (the clock advancing through the backoff: 1, 2, 4 … minutes)
until every nudge is out: none lost, none dead, none twice, since no failed answer had posted
anything. A timeout *after* Slack accepted the post is measured apart: nothing tells the app it
was delivered, so that one message is repeated. Counts are printed (pytest -s).
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import func, select

from bot.slack import clients
from bot.slack.clients import TeamClients
from bot.slack.form_state import ModalMetadata
from bot.slack.nudge_sender import SlackMessenger
from bot.slack.tokens import SingleWorkspaceToken
from commands.nudges import run_due
from storage.engine import Database
from storage.models import Case
from tests.bot.conftest import AppDriver
from tests.bot.form_values import case_values
from tests.bot.slack_flows import open_form, promise_values, submission
from tests.bot.test_tick_processes import count_by_status, delivered_nudge_ids
from tests.fakeslack import FakeSlack
from tests.reliability.witness import unhandled_errors
from tests.seeding import DUE_NUDGE_AT, people_in_slack, seed_due_commitments
from tests.slack_requests import BOT_TOKEN

NUDGES = 40
CLIENT_TIMEOUT = 1.0
STALL = CLIENT_TIMEOUT + 0.5
# Ticks at these minutes after the due instant: the backoff of failed attempts is 1, 2, 4 … min.
TICKS = (0, 2, 5, 10, 20, 40, 80)


@pytest.fixture(autouse=True)
def _short_client_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Slack's client gives up after 1 s instead of 10: a timeout costs a second, not ten."""
    monkeypatch.setattr(clients, "TIMEOUT_SECONDS", CLIENT_TIMEOUT)


async def tick_until_sent(db: Database, slack: FakeSlack, database_url: str) -> int:
    """Ticks as the clock would; how many it took to send everything."""
    tokens = SingleWorkspaceToken(lambda: BOT_TOKEN)
    for number, minutes in enumerate(TICKS, start=1):
        messenger = SlackMessenger(TeamClients(api_url=slack.api_url, tokens=tokens))
        await run_due(db, messenger, now=DUE_NUDGE_AT + timedelta(minutes=minutes),
                      worker=uuid.uuid4().hex[:8])
        if count_by_status(database_url) == {"sent": NUDGES}:
            return number
    raise AssertionError(f"not all sent: {count_by_status(database_url)}")


def fault_answers(slack: FakeSlack) -> str:
    """What the fake answered to chat.postMessage, by status (client retries included)."""
    statuses = Counter(call.status for call in slack.calls_to("chat.postMessage"))
    return ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items()))


async def test_rate_limits_errors_and_timeouts_for_a_while_lose_and_repeat_nothing(
    slack: FakeSlack, db: Database, database_url: str
) -> None:
    await seed_due_commitments(db, count=NUDGES, owners=10)
    people_in_slack(slack, owners=10)
    slack.inject("chat.postMessage", status=429, retry_after=1, times=6)
    slack.inject("chat.postMessage", status=500, times=12)
    # Stalls past the client's timeout, then fails: Slack never took these posts.
    slack.inject("chat.postMessage", status=503, delay=STALL, times=8)
    ticks = await tick_until_sent(db, slack, database_url)
    await asyncio.sleep(STALL)  # the fake records a stalled answer once it gives it
    delivered = delivered_nudge_ids(slack)
    duplicates = sum(n - 1 for n in delivered.values())
    print(f"\n[slack faults, {db.engine.dialect.name}] nudges: {NUDGES}; injected 6 x 429, "
          f"12 x 500, 8 x timeout; Slack answered {fault_answers(slack)}; ticks needed: "
          f"{ticks}; delivered: {len(delivered)}; duplicates: {duplicates}")
    assert len(delivered) == NUDGES and duplicates == 0
    assert count_by_status(database_url) == {"sent": NUDGES}


async def test_a_timeout_after_slack_accepted_repeats_only_that_message(
    slack: FakeSlack, db: Database, database_url: str
) -> None:
    """Not DESIGN.md's crash window but its twin: the app can't know the post went through."""
    await seed_due_commitments(db, count=NUDGES, owners=10)
    people_in_slack(slack, owners=10)
    slack.inject("chat.postMessage", delay=STALL, times=2)  # posted, answered too late
    await tick_until_sent(db, slack, database_url)
    delivered = delivered_nudge_ids(slack)
    duplicates = sum(n - 1 for n in delivered.values())
    print(f"\n[accepted then timed out, {db.engine.dialect.name}] nudges: {NUDGES}; "
          f"late answers: 2; delivered: {len(delivered)}; duplicates: {duplicates}")
    assert len(delivered) == NUDGES
    assert duplicates <= 2


async def test_slack_failing_during_ingest_loses_no_case(
    app: AppDriver, caplog: pytest.LogCaptureFixture
) -> None:
    """Submissions while users.info, the confirmation and the owner's DM fail for a while."""
    view = await open_form(app)
    app.slack.inject("users.info", status=500, times=20)
    app.slack.inject("chat.postEphemeral", status=429, retry_after=1, times=2)
    app.slack.inject("chat.postEphemeral", status=503, delay=STALL, times=2)
    app.slack.inject("chat.postMessage", status=500, times=6)  # the owner's DM
    answers: list[Any] = []
    for _ in range(5):
        fresh = {**view, "private_metadata": _metadata()}
        body = submission(fresh, case_values(commitments=(promise_values(),)))
        answers.append((await app.interact(body)).text)
    stored = app.db.run_sync(lambda s: s.exec(_count_cases()).one())
    print(f"\n[slack faults at ingest] submitted: 5; acknowledged as stored: "
          f"{answers.count('')}; cases stored: {stored}")
    assert answers == [""] * 5 and stored == 5
    assert [e for e in unhandled_errors(caplog) if "unhandled" in e] == []


def _metadata() -> str:
    return ModalMetadata(uuid.uuid4().hex, "C2147483705").encode()


def _count_cases() -> Any:
    return select(func.count()).select_from(Case)
