"""The overdue ladder through the core and the database: weekly leads, holidays, snoozes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, select

from commands.commitment_actions import SnoozeChoice, snooze
from storage.engine import Database
from storage.models import Workspace
from storage.promise_settings import update_promise_settings
from tests.commands.test_nudges import (
    LEAD,
    LOGGED_AT,
    OWNER,
    TEAM,
    berlin,
    commitment_id,
    logged,
    tick,
)
from tests.fakes import FakeMessenger


async def set_holidays(db: Database, days: list[str]) -> None:
    def change(session: Session) -> None:
        for row in session.exec(select(Workspace)):
            row.holidays = days
            session.add(row)
    await db.run(change)


async def tick_daily(db: Database, messenger: FakeMessenger, first: datetime, days: int) -> None:
    for offset in range(days):
        await tick(db, messenger, first + timedelta(days=offset))


async def test_a_month_overdue_thins_out_and_the_lead_hears_weekly(db: Database) -> None:
    await logged(db, leads=[LEAD])  # due Friday 27 November 15:00 Berlin
    messenger = FakeMessenger()
    await tick(db, messenger, LOGGED_AT)
    await tick_daily(db, messenger, berlin(26, 9, 5), 40)
    owner = messenger.kinds_to(OWNER)
    assert owner[:5] == ["pre_due", "due", "overdue", "overdue", "escalated"]
    assert len(owner) < 15  # not one a working day for 28 working days
    assert messenger.kinds_to(LEAD) == ["escalation", "lead_reminder", "lead_reminder",
                                        "lead_decision", "lead_decision"]


async def test_holidays_are_not_working_days(db: Database) -> None:
    await logged(db, due=date(2026, 12, 23), leads=[LEAD])
    await set_holidays(db, ["2026-12-24", "2026-12-25"])
    messenger = FakeMessenger()
    await tick(db, messenger, LOGGED_AT)
    await tick_daily(db, messenger, berlin(23, 9, 5, month=12), 6)
    after_due = [(m.kind.value, m.overdue_working_days) for m in messenger.sent
                 if m.kind.value not in ("pre_due", "due")]
    # 24 and 25 December are off: Monday 28 is the first working day overdue, not the third.
    assert after_due == [("overdue", 1)]


async def test_snoozing_an_overdue_promise_sends_one_dm_at_a_time(db: Database) -> None:
    case = await logged(db)
    messenger = FakeMessenger()
    await tick(db, messenger, LOGGED_AT)
    await tick(db, messenger, berlin(30, 9))  # first day overdue, a Monday
    result = await snooze(db, commitment_id=commitment_id(case), actor=OWNER, team=TEAM,
                          choice=SnoozeChoice.TOMORROW_MORNING, now=berlin(30, 10))
    assert result.snoozed_until == berlin(1, 9, 0, 12)
    before = len(messenger.sent)
    await tick(db, messenger, berlin(1, 9, 0, 12))
    assert [m.kind.value for m in messenger.sent[before:]] == ["snoozed"]
    await tick(db, messenger, berlin(2, 9, 0, 12))
    assert messenger.kinds_to(OWNER)[-1] == "overdue"


async def test_tomorrow_morning_on_a_saturday_is_monday(db: Database) -> None:
    case = await logged(db)
    saturday = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
    result = await snooze(db, commitment_id=commitment_id(case), actor=OWNER, team=TEAM,
                          choice=SnoozeChoice.TOMORROW_MORNING, now=saturday)
    assert result.snoozed_until == berlin(30, 9)


async def test_snoozing_twice_for_the_same_morning_keeps_one_reminder(db: Database) -> None:
    case = await logged(db)
    messenger = FakeMessenger()
    for minute in (0, 5):
        await snooze(db, commitment_id=commitment_id(case), actor=OWNER, team=TEAM,
                     choice=SnoozeChoice.TOMORROW_MORNING, now=berlin(25, 10, minute))
    await tick(db, messenger, berlin(26, 9))
    assert messenger.kinds_to(OWNER) == ["snoozed"]


async def test_new_dates_off_replan_without_sending_anything_twice(db: Database) -> None:
    case = await logged(db, due=date(2026, 12, 23), leads=[LEAD])
    messenger = FakeMessenger()
    await tick(db, messenger, LOGGED_AT)
    await tick(db, messenger, berlin(24, 9, 5, month=12))  # the first day overdue: sent
    workspace_id = await db.run(lambda s: s.exec(select(Workspace.id)).one())
    await update_promise_settings(db, workspace_id=workspace_id, holidays=["2026-12-25"],
                                  furious_line=True, now=berlin(24, 10, 0, month=12))
    await tick(db, messenger, berlin(24, 10, 0, month=12))
    await tick(db, messenger, berlin(24, 9, 5, month=12))
    await tick(db, messenger, berlin(25, 9, 5, month=12))  # a date off now: nothing
    await tick(db, messenger, berlin(28, 9, 5, month=12))
    days = [(m.kind.value, m.overdue_working_days) for m in messenger.sent
            if m.kind.value in ("overdue", "escalated") and m.commitment_id == commitment_id(case)]
    assert days == [("overdue", 1), ("overdue", 2)]
