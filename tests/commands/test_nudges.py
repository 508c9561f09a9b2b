"""Nudges end to end through the core, on both databases, with a fake messenger."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from commands.cases import CaseDraft, CommitmentDraft
from commands.commitment_actions import (
    Outcome,
    SnoozeChoice,
    complete,
    reassign,
    renegotiate,
    snooze,
)
from commands.log_case import LoggedCase, log_case
from commands.nudges import run_due
from commands.people import Team, workspace_for
from commands.playbook import AngerLevel, ContactChannel
from commands.ports import DeliveryFailed
from storage.engine import Database
from storage.models import Nudge, Workspace
from tests.fakes import FakeMessenger

TEAM = Team("slack", "T1")

BERLIN = ZoneInfo("Europe/Berlin")
LOGGED_AT = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # Tuesday
REPORTER, OWNER, LEAD = "UREP", "UOWN", "ULEAD"


def berlin(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


async def logged(db: Database, *, due: date = date(2026, 11, 27), at: time | None = time(15, 0),
                 leads: list[str] | None = None) -> LoggedCase:
    workspace = await workspace_for(db, team=TEAM, default_categories=["Billing"],
                                    now=LOGGED_AT)
    if leads:
        def set_leads(session: object) -> None:
            row = session.get_one(Workspace, workspace.workspace_id)  # type: ignore[attr-defined]
            row.lead_user_ids = leads
            session.add(row)  # type: ignore[attr-defined]
        await db.run(set_leads)
    draft = CaseDraft(
        customer="Acme", contact_channel=ContactChannel.PHONE, occurred_at=None,
        anger_level=AngerLevel.ANGRY, what_happened="Double charge", problem="", category=None,
        customer_wants="", agreed="", deescalation_steps=(), lessons="", share_consent=False,
        commitments=(CommitmentDraft(owner_user_id=OWNER, due_date=due, due_time=at,
                                     promise="Confirm the refund"),),
    )
    return await log_case(db, workspace_id=workspace.workspace_id, reporter_user_id=REPORTER,
                          submission_key="k", draft=draft, zones={OWNER: BERLIN}, now=LOGGED_AT)


def commitment_id(case: LoggedCase) -> int:
    return case.summary.commitments[0].commitment_id


async def tick(db: Database, messenger: FakeMessenger, at: datetime) -> None:
    await run_due(db, messenger, now=at, worker="w1")


async def test_the_owner_is_nudged_before_on_and_after_the_day(db: Database) -> None:
    await logged(db, leads=[LEAD])
    messenger = FakeMessenger()
    for moment in [LOGGED_AT, berlin(26, 9), berlin(27, 13), berlin(30, 9), berlin(1, 9, 0, 12),
                   berlin(2, 9, 0, 12), berlin(3, 9, 0, 12)]:
        await tick(db, messenger, moment)
    # The third working day overdue escalates, and tells the owner so; the fourth is quiet.
    assert messenger.kinds_to(OWNER) == ["pre_due", "due", "overdue", "overdue", "escalated"]
    assert messenger.kinds_to(LEAD) == ["escalation"]


async def test_ticking_the_same_instant_twice_sends_nothing_new(db: Database) -> None:
    await logged(db)
    messenger = FakeMessenger()
    await tick(db, messenger, LOGGED_AT)
    await tick(db, messenger, berlin(26, 9))
    await tick(db, messenger, berlin(26, 9))
    await tick(db, messenger, berlin(26, 9, 30))
    assert messenger.kinds_to(OWNER) == ["pre_due"]


async def test_a_nudge_due_while_down_is_sent_late_not_skipped(db: Database) -> None:
    await logged(db)
    messenger = FakeMessenger()
    await tick(db, messenger, LOGGED_AT)
    await tick(db, messenger, berlin(27, 14, 30))  # down from Thursday morning until after 13:00
    assert messenger.kinds_to(OWNER) == ["due"]  # the latest that fell due, not a backlog


async def test_done_stops_the_nudges_and_closes_the_case(db: Database) -> None:
    case = await logged(db)
    messenger = FakeMessenger()
    await tick(db, messenger, LOGGED_AT)
    result = await complete(db, commitment_id=commitment_id(case), actor=OWNER, team=TEAM,
                            note="Refunded", reaction=None, now=berlin(25, 10))
    assert result.outcome is Outcome.DONE and result.case_closed
    again = await complete(db, commitment_id=commitment_id(case), actor=OWNER, team=TEAM, note="",
                           reaction=None, now=berlin(25, 11))
    assert again.outcome is Outcome.ALREADY_CLOSED
    for moment in [berlin(26, 9), berlin(27, 13), berlin(30, 9)]:
        await tick(db, messenger, moment)
    assert messenger.sent == []


async def test_renegotiating_supersedes_the_old_plan(db: Database) -> None:
    case = await logged(db)
    messenger = FakeMessenger()
    await tick(db, messenger, LOGGED_AT)
    result = await renegotiate(db, commitment_id=commitment_id(case), actor=OWNER, team=TEAM,
                               new_date=date(2026, 12, 4), new_time=None,
                               customer_informed=True, now=berlin(25, 10))
    assert result.outcome is Outcome.RENEGOTIATED and result.state is not None
    assert result.state.slips == 1
    for moment in [berlin(25, 10), berlin(26, 9), berlin(27, 13), berlin(3, 9, 0, 12),
                   berlin(4, 9, 0, 12)]:
        await tick(db, messenger, moment)
    assert [(m.kind.value, m.due_at) for m in messenger.sent] == [
        ("pre_due", berlin(4, 18, 0, 12)), ("due", berlin(4, 18, 0, 12))
    ]


async def test_reassigning_moves_the_nudges(db: Database) -> None:
    case = await logged(db)
    messenger = FakeMessenger()
    await tick(db, messenger, LOGGED_AT)
    result = await reassign(db, commitment_id=commitment_id(case), actor=REPORTER, team=TEAM,
                            new_owner="UNEW", now=berlin(25, 10))
    assert result.outcome is Outcome.REASSIGNED
    await tick(db, messenger, berlin(25, 10))
    await tick(db, messenger, berlin(26, 9))
    assert messenger.kinds_to(OWNER) == []
    assert messenger.kinds_to("UNEW") == ["pre_due"]


async def test_snooze_adds_one_reminder(db: Database) -> None:
    case = await logged(db)
    messenger = FakeMessenger()
    await tick(db, messenger, LOGGED_AT)
    result = await snooze(db, commitment_id=commitment_id(case), actor=OWNER, team=TEAM,
                          choice=SnoozeChoice.ONE_HOUR, now=berlin(25, 10))
    assert result.snoozed_until == berlin(25, 11)
    await tick(db, messenger, berlin(25, 11))
    await tick(db, messenger, berlin(25, 12))
    assert messenger.kinds_to(OWNER) == ["snoozed"]


async def test_strangers_cannot_change_a_promise(db: Database) -> None:
    case = await logged(db)
    result = await complete(db, commitment_id=commitment_id(case), actor="USTRANGER",
                            team=TEAM, note="", reaction=None, now=berlin(25, 10))
    assert result.outcome is Outcome.NOT_ALLOWED


async def test_another_workspace_cannot_change_a_promise(db: Database) -> None:
    case = await logged(db)
    result = await complete(db, commitment_id=commitment_id(case), actor=OWNER,
                            team=Team("slack", "T2"), note="", reaction=None, now=berlin(25, 10))
    assert result.outcome is Outcome.NOT_FOUND and result.state is None


async def test_temporary_failures_are_retried_and_delivered_once(db: Database) -> None:
    await logged(db)
    messenger = FakeMessenger(failures=[
        DeliveryFailed("ratelimited", permanent=False, retry_after=30),
        DeliveryFailed("HTTP 500", permanent=False, maybe_delivered=True),
    ])
    await tick(db, messenger, LOGGED_AT)
    start = berlin(26, 9)
    await tick(db, messenger, start)  # 429: back in 30 s
    await tick(db, messenger, start + timedelta(seconds=31))  # 500: back in a minute
    await tick(db, messenger, start + timedelta(seconds=40))  # not yet
    await tick(db, messenger, start + timedelta(minutes=2))
    assert messenger.kinds_to(OWNER) == ["pre_due"]
    rows = await db.run(lambda s: list(s.exec(select(Nudge)).all()))
    (row,) = rows
    assert (row.status, row.attempts) == ("sent", 2)  # the 429 did not count


async def test_a_permanent_failure_is_dead_and_the_reporter_is_told(db: Database) -> None:
    await logged(db)
    messenger = FakeMessenger(failures=[DeliveryFailed("user_not_found", permanent=True)])
    await tick(db, messenger, LOGGED_AT)
    await tick(db, messenger, berlin(26, 9))
    (notice,) = messenger.notices
    assert (notice.reporter_user_id, notice.recipient_user_id) == (REPORTER, OWNER)
    rows = await db.run(lambda s: list(s.exec(select(Nudge)).all()))
    assert [row.status for row in rows] == ["dead"]
