"""The overdue ladder: reminders thin out, the leads hear weekly, holidays are days off."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from itertools import islice
from zoneinfo import ZoneInfo

import pytest

from commands.cases import due_instant
from commands.schedule import (
    NudgeKind,
    NudgePolicy,
    Promise,
    WorkingHours,
    next_working_morning,
    owner_is_reminded,
    plan,
    schedule,
    working_days_overdue,
)

LONDON = ZoneInfo("Europe/London")
CHRISTMAS = frozenset({date(2026, 12, 24), date(2026, 12, 25)})


def promise(day: date, zone: ZoneInfo = LONDON, quiet_until: datetime | None = None) -> Promise:
    return Promise(due_at=due_instant(day, time(15, 0), zone), has_time=True, zone=zone,
                   quiet_until=quiet_until)


def overdue_series(p: Promise, policy: NudgePolicy, count: int) -> list[tuple[str, str]]:
    after_due = (n for n in schedule(p, policy) if n.at > p.due_at)
    return [(n.kind.value, n.at.astimezone(p.zone).strftime("%d %b"))
            for n in islice(after_due, count)]


@pytest.mark.parametrize(
    ("number", "reminded"),
    [(1, True), (2, True), (3, True), (4, False), (5, False), (6, True), (7, False),
     (9, True), (12, True), (15, True), (16, False), (19, False), (20, True), (25, True)],
)
def test_the_owners_ladder(number: int, reminded: bool) -> None:
    assert owner_is_reminded(number, 5) is reminded


def test_seventeen_working_days_overdue_bring_seven_reminders_not_seventeen() -> None:
    p = promise(date(2026, 11, 2))  # a Monday
    moment = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # 17 working days later
    owner = [n for n in schedule(p, NudgePolicy())
             if n.kind in (NudgeKind.OVERDUE, NudgeKind.ESCALATED) and n.at <= moment]
    assert len(owner) == 7


def test_the_leads_hear_weekly_then_are_asked_to_decide() -> None:
    p = promise(date(2026, 11, 2))
    lead = [(n.kind.value, n.at.astimezone(LONDON).strftime("%a %d %b"))
            for n in islice(schedule(p, NudgePolicy()), 40)
            if n.kind in (NudgeKind.ESCALATION, NudgeKind.LEAD_REMINDER,
                          NudgeKind.LEAD_DECISION)][:5]
    assert lead == [
        ("escalation", "Thu 05 Nov"),
        ("lead_reminder", "Thu 12 Nov"),
        ("lead_reminder", "Thu 19 Nov"),
        ("lead_decision", "Thu 26 Nov"),
        ("lead_decision", "Thu 03 Dec"),
    ]


def test_the_owner_is_told_on_the_day_it_is_escalated() -> None:
    p = promise(date(2026, 11, 2))
    assert overdue_series(p, NudgePolicy(), 4) == [
        ("overdue", "03 Nov"), ("overdue", "04 Nov"),
        ("escalation", "05 Nov"), ("escalated", "05 Nov"),
    ]


def test_a_late_escalation_still_tells_the_owner() -> None:
    policy = NudgePolicy(escalate_after_working_days=4)  # the 5th day: not on the ladder
    kinds = [k for k, _ in overdue_series(promise(date(2026, 11, 2)), policy, 6)]
    assert kinds == ["overdue", "overdue", "overdue", "escalation", "escalated", "overdue"]


def test_christmas_is_not_a_working_day() -> None:
    hours = WorkingHours(holidays=CHRISTMAS)
    p = promise(date(2026, 12, 23))  # a Wednesday
    assert overdue_series(p, NudgePolicy(hours=hours), 3) == [
        ("overdue", "28 Dec"), ("overdue", "29 Dec"), ("escalation", "30 Dec"),
    ]
    assert working_days_overdue(date(2026, 12, 23), date(2026, 12, 28), hours) == 1
    assert working_days_overdue(date(2026, 12, 23), date(2026, 12, 28), WorkingHours()) == 3


def test_a_holiday_moves_the_reminder_before_the_due_date() -> None:
    p = promise(date(2026, 12, 28))  # a Monday; Friday 25 is off
    first = next(iter(schedule(p, NudgePolicy(hours=WorkingHours(holidays=CHRISTMAS)))))
    assert (first.kind, first.at.astimezone(LONDON).date()) == (NudgeKind.PRE_DUE,
                                                                date(2026, 12, 23))


@pytest.mark.parametrize(
    ("local_now", "expected"),
    [
        (datetime(2026, 11, 28, 10, 0), datetime(2026, 11, 30, 9, 0)),  # Saturday -> Monday
        (datetime(2026, 11, 27, 16, 0), datetime(2026, 11, 30, 9, 0)),  # Friday -> Monday
        (datetime(2026, 11, 24, 16, 0), datetime(2026, 11, 25, 9, 0)),  # Tuesday -> Wednesday
        (datetime(2026, 12, 23, 16, 0), datetime(2026, 12, 28, 9, 0)),  # over Christmas
    ],
)
def test_tomorrow_morning_is_the_next_working_morning(local_now: datetime,
                                                      expected: datetime) -> None:
    hours = WorkingHours(holidays=CHRISTMAS)
    now = local_now.replace(tzinfo=LONDON).astimezone(UTC)
    assert next_working_morning(now, LONDON, hours) == expected.replace(tzinfo=LONDON)


def test_a_snooze_silences_the_owner_until_it_rings() -> None:
    p = promise(date(2026, 11, 2))
    snoozed_at = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)
    until = next_working_morning(snoozed_at, LONDON, WorkingHours())  # Wed 4 Nov 09:00
    quiet = promise(date(2026, 11, 2), quiet_until=until)
    result = plan(quiet, NudgePolicy(), since=snoozed_at, now=until)
    assert result.due_now == ()  # the snooze's own reminder is the one DM at that instant
    assert result.next_at is not None and result.next_at > until
    loud = plan(p, NudgePolicy(), since=snoozed_at, now=until)
    assert [n.kind for n in loud.due_now] == [NudgeKind.OVERDUE]


def test_a_snooze_leaves_the_leads_schedule_alone() -> None:
    until = datetime(2026, 11, 6, 9, 0, tzinfo=UTC)
    quiet = promise(date(2026, 11, 2), quiet_until=until)
    kinds = [n.kind.value for n in islice(schedule(quiet, NudgePolicy()), 3)]
    assert kinds == ["escalation", "overdue", "lead_reminder"]
