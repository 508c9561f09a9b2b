"""The database away for a few seconds, during ingest and during dispatch; then back.

PostgreSQL is "stopped and started" through a proxy (connections dropped, new ones refused),
SQLite is locked by another connection (see outages.py). After each: every case the person was
told is stored is stored, every other submission is stored once when they press Log it again,
and every nudge is delivered, repeated only for messages in flight when the database went away
(DESIGN.md's one duplicate window: Slack accepted, the row could not be marked sent). The
counts are printed (pytest -s).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlmodel import select

from bot.app import build_app
from bot.slack.clients import TeamClients
from bot.slack.form_handlers import SAVE_FAILED, SAVE_SLOW
from bot.slack.form_state import ModalMetadata
from bot.slack.nudge_sender import SlackMessenger
from bot.slack.tokens import SingleWorkspaceToken
from commands.nudges import CONCURRENT_SENDS, LEASE, DispatchReport, run_due
from storage.engine import Database, make_engine
from storage.models import Case
from tests.bot.conftest import FIXED_NOW, AppDriver
from tests.bot.conftest import test_settings as settings_for
from tests.bot.form_values import case_values
from tests.bot.slack_flows import open_form, promise_values, submission
from tests.bot.test_tick_processes import count_by_status, delivered_nudge_ids, expire_leases
from tests.fakeslack import FakeSlack
from tests.reliability.outages import Outage, database_behind_outage
from tests.reliability.witness import Request, what_the_user_saw
from tests.seeding import DUE_NUDGE_AT, people_in_slack, seed_due_commitments
from tests.slack_requests import BOT_TOKEN, FORM, REPORTER, slash_command

OUTAGE_SECONDS = 4.0
NUDGES = 120


@pytest.fixture
def outage(database_url: str) -> Iterator[tuple[str, Outage]]:
    with database_behind_outage(database_url) as (url, switch):
        yield url, switch
        switch.end()


@pytest.fixture
async def app_behind(slack: FakeSlack, outage: tuple[str, Outage]) -> AsyncIterator[AppDriver]:
    asgi = build_app(settings_for(slack, outage[0]), clock=lambda: FIXED_NOW)
    db = Database(make_engine(outage[0]))
    async with asgi.router.lifespan_context(asgi):
        transport = httpx.ASGITransport(app=asgi)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield AppDriver(http=http, slack=slack, db=db)
    db.dispose()


async def submit(app: AppDriver, view: dict[str, Any], key: str) -> str:
    """Log it: "stored", or "retry" (the form says why and to press Log it again)."""
    fresh = {**view, "private_metadata": ModalMetadata(key, "C2147483705").encode()}
    started = time.monotonic()
    response = await app.interact(submission(fresh, case_values(commitments=(promise_values(),))))
    # Past 3 s Slack would show its own error, not ours: the answer must come before.
    assert response.status_code == 200 and time.monotonic() - started < 3, response.text
    if not response.content:
        return "stored"
    (error,) = response.json()["errors"].values()
    assert error in {SAVE_FAILED, SAVE_SLOW}
    return "retry"


def stored_keys(app: AppDriver) -> list[str]:
    return list(app.db.run_sync(lambda s: list(s.exec(select(Case.submission_key)).all())))


async def test_submissions_while_the_database_is_away_are_stored_or_refused_clearly(
    app_behind: AppDriver, outage: tuple[str, Outage]
) -> None:
    app, switch = app_behind, outage[1]
    view = await open_form(app)
    before = [uuid.uuid4().hex for _ in range(3)]
    assert [await submit(app, view, key) for key in before] == ["stored"] * 3
    during = [uuid.uuid4().hex for _ in range(8)]
    switch.begin()
    answers_task = asyncio.gather(*(submit(app, view, key) for key in during))
    await asyncio.sleep(OUTAGE_SECONDS)
    switch.end()
    answers = dict(zip(during, await answers_task, strict=True))
    told_stored = [key for key, answer in answers.items() if answer == "stored"]
    assert set(told_stored) <= set(stored_keys(app)), "a case acknowledged as stored was lost"

    # The person presses Log it again on every form that showed an error.
    await asyncio.sleep(0.5)  # what was still waiting on the lock gets written
    again = {key: await submit(app, view, key) for key, answer in answers.items()
             if answer != "stored"}
    assert set(again.values()) <= {"stored"}
    keys = stored_keys(app)
    assert sorted(keys) == sorted(before + during), "a case was lost or stored twice"
    # One confirmation a case (an alike case's theme suggestion is part of its confirmation).
    confirmed = await app.slack.await_calls("chat.postEphemeral", count=len(keys))
    await asyncio.sleep(0.3)
    confirmations = app.slack.calls_to("chat.postEphemeral")
    assert len(confirmations) == len(confirmed) == len(keys)
    print(f"\n[ingest, {app.db.engine.dialect.name}] submitted during the outage: {len(during)};"
          f" stored at once: {len(told_stored)}; told in the form to press again: "
          f"{len(again)}; stored after pressing again: {sum(a == 'stored' for a in again.values())}"
          f"; cases: {len(keys)} of {len(before + during)}, duplicates: "
          f"{len(keys) - len(set(keys))}")


async def dispatch(db: Database, slack: FakeSlack, at: Any) -> DispatchReport | Exception:
    clients = TeamClients(api_url=slack.api_url, tokens=SingleWorkspaceToken(lambda: BOT_TOKEN))
    try:
        return await run_due(db, SlackMessenger(clients), now=at, worker=uuid.uuid4().hex[:8])
    except Exception as error:  # the tick fails; the clock runs the next one later
        return error


async def test_nudges_due_while_the_database_is_away_are_delivered_after(
    slack: FakeSlack, db: Database, outage: tuple[str, Outage]
) -> None:
    url, switch = outage
    await seed_due_commitments(db, count=NUDGES, owners=30)
    people_in_slack(slack, owners=30)
    slack.inject("chat.postMessage", delay=0.05, times=NUDGES)  # slow Slack: a long dispatch
    behind = Database(make_engine(url))
    first = asyncio.ensure_future(dispatch(behind, slack, DUE_NUDGE_AT))
    while len(delivered_nudge_ids(slack)) < 16:
        await asyncio.sleep(0.01)
    switch.begin()
    await asyncio.sleep(OUTAGE_SECONDS)
    sent_during = len(delivered_nudge_ids(slack))
    switch.end()
    outcome = await first
    expire_leases(db)  # the dead tick's leases have run out (real minutes, not the tick's)
    later = DUE_NUDGE_AT + LEASE + timedelta(minutes=1)
    second = await dispatch(behind, slack, later)
    behind.dispose()

    assert not isinstance(second, Exception), second
    delivered = delivered_nudge_ids(slack)
    duplicates = sum(n - 1 for n in delivered.values())
    print(f"\n[dispatch, {db.engine.dialect.name}] due: {NUDGES}; delivered by the end of the "
          f"outage: {sent_during}; first tick: {type(outcome).__name__}; delivered: "
          f"{len(delivered)}; duplicates: {duplicates}; rows: {count_by_status(url)}")
    assert len(delivered) == NUDGES, "a nudge was lost"
    assert duplicates <= CONCURRENT_SENDS, "more repeats than messages in flight"
    assert count_by_status(url) == {"sent": NUDGES}


async def test_commands_while_the_database_is_away_get_a_clear_answer(
    app_behind: AppDriver, outage: tuple[str, Outage]
) -> None:
    """`/angrycall`, `/angrycall list` and `digest preview` answer, whatever the database does.

    Not always with a 200: when a listener fails right after its ack, bolt 1.30 drops the ack
    and answers 404 three seconds later (see the report); the person still gets our message.
    """
    switch = outage[1]
    switch.begin()
    asyncio.get_running_loop().call_later(OUTAGE_SECONDS, switch.end)
    answers = await asyncio.gather(*(command_during_outage(app_behind, text)
                                     for text in ("", "list", "digest preview")))
    print(f"\n[commands, {app_behind.db.engine.dialect.name}] answers during the outage: "
          f"{[answer[:70] for answer in answers]}")
    assert all(answer.strip() for answer in answers)


async def command_during_outage(app: AppDriver, text: str) -> str:
    request = Request.new(app.slack, REPORTER)
    body = slash_command(text, trigger_id=request.trigger_id,
                         response_url=request.response_url(app.slack))
    response = await app.post(body, FORM)
    assert response.status_code < 500, response.text
    return await what_the_user_saw(app.slack, response, request, timeout=OUTAGE_SECONDS + 5)
