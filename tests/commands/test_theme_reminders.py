"""A theme's fix date goes through the outbox like a promise: planned once, sent once, and
cancelled when the theme has moved on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from commands.people import Team
from commands.ports import Delivered, DeliveryFailed
from commands.theme_fixes import mark_fixed, plan_fix, take_theme
from commands.theme_reminders import (
    ThemeReminder,
    fix_date_reminders,
    run_due_theme_reminders,
)
from commands.theme_views import ThemeView
from commands.themes import Actor, start_theme
from storage.engine import Database
from storage.theme_reminders import PlannedReminder
from tests.theme_seeding import LEAD, REPORTER, START, a_case, a_workspace

TEAM = Team("slack", "T1")
FIX = date(2026, 11, 6)  # a Friday
ON_THE_DAY = datetime(2026, 11, 6, 9, 0, tzinfo=UTC)
DAY_AFTER = datetime(2026, 11, 7, 9, 0, tzinfo=UTC)
ESCALATED = datetime(2026, 11, 8, 9, 0, tzinfo=UTC)  # two days late (the default)


@dataclass
class FakeSender:
    sent: list[ThemeReminder] = field(default_factory=list)
    failures: list[DeliveryFailed] = field(default_factory=list)

    async def send_theme_reminder(self, reminder: ThemeReminder) -> Delivered:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(reminder)
        return Delivered(channel_id="D1", message_ts=str(len(self.sent)))

    def kinds(self) -> list[tuple[str, str]]:
        return [(r.kind.value, r.recipient_user_id) for r in self.sent]


def test_reminders_fire_at_the_start_of_the_owners_working_day() -> None:
    assert fix_date_reminders(fix_date=FIX, zone_name="Europe/Berlin", work_start=time(9),
                              escalate_after_days=2, owner="UENG", leads=["ULEAD"]) == [
        PlannedReminder("due", datetime(2026, 11, 6, 8, 0, tzinfo=UTC), "UENG"),
        PlannedReminder("overdue", datetime(2026, 11, 7, 8, 0, tzinfo=UTC), "UENG"),
        PlannedReminder("escalation", datetime(2026, 11, 8, 8, 0, tzinfo=UTC), "ULEAD")]


async def planned_theme(db: Database) -> ThemeView:
    workspace_id = await a_workspace(db)
    case_id = await a_case(db, workspace_id, key="k", problem="charged twice")
    theme = await start_theme(db, actor=Actor(REPORTER, TEAM), title="Charged twice",
                              case_ids=[case_id], now=START)
    assert isinstance(theme, ThemeView)
    await take_theme(db, actor=Actor("UENG", TEAM), theme_id=theme.theme_id, now=START)
    planned = await plan_fix(db, actor=Actor("UENG", TEAM), theme_id=theme.theme_id,
                             fix_date=FIX, now=START)
    assert isinstance(planned, ThemeView)
    return planned


async def test_the_fix_date_is_reminded_then_escalated_once(db: Database) -> None:
    await planned_theme(db)
    sender = FakeSender()

    for moment in (START, ON_THE_DAY, ON_THE_DAY, DAY_AFTER, ESCALATED, ESCALATED):
        await run_due_theme_reminders(db, sender, now=moment, worker="w")

    assert sender.kinds() == [("due", "UENG"), ("overdue", "UENG"), ("escalation", LEAD)]
    assert sender.sent[0].theme.title == "Charged twice"


async def test_a_new_date_or_a_fix_cancels_what_was_planned(db: Database) -> None:
    theme = await planned_theme(db)
    await plan_fix(db, actor=Actor("UENG", TEAM), theme_id=theme.theme_id,
                   fix_date=date(2026, 11, 9), now=START)
    sender = FakeSender()

    await run_due_theme_reminders(db, sender, now=DAY_AFTER, worker="w")
    assert sender.kinds() == []  # the 6th's reminders are superseded
    await mark_fixed(db, actor=Actor("UENG", TEAM), theme_id=theme.theme_id, now=DAY_AFTER)
    await run_due_theme_reminders(db, sender, now=datetime(2026, 11, 12, tzinfo=UTC),
                                  worker="w")
    assert sender.kinds() == []


async def test_a_failed_reminder_is_tried_again(db: Database) -> None:
    await planned_theme(db)
    sender = FakeSender(failures=[DeliveryFailed("5xx", permanent=False)])

    await run_due_theme_reminders(db, sender, now=ON_THE_DAY, worker="w")
    assert sender.kinds() == []
    await run_due_theme_reminders(db, sender, now=datetime(2026, 11, 6, 9, 5, tzinfo=UTC),
                                  worker="w")
    assert sender.kinds() == [("due", "UENG")]
