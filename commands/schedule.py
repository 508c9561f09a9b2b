"""When to nudge the owner of a promise: pure rules over instants, zones and working hours.

Every instant is computed here with zoneinfo and handed out in UTC. A local time that does not
exist (the spring-forward gap) is read with the offset before the gap, so it lands just after
it; an ambiguous one (fall-back) is its first occurrence. Each nudge therefore has exactly one
instant, which is what makes "once, at the right local time, across DST" hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from itertools import islice
from zoneinfo import ZoneInfo

MONDAY_TO_FRIDAY = frozenset(range(5))
# An overdue series is open-ended; nobody needs more than a year of it looked at in one go.
MAX_OVERDUE_DAYS_SCANNED = 370


class NudgeKind(StrEnum):
    PRE_DUE = "pre_due"  # one working day before
    DUE = "due"  # on the day, ahead of the promised time
    OVERDUE = "overdue"  # each working day while not done
    ESCALATION = "escalation"  # to the lead, once, after N working days overdue
    SNOOZED = "snoozed"  # the owner asked to be reminded again


@dataclass(frozen=True)
class WorkingHours:
    days: frozenset[int] = MONDAY_TO_FRIDAY  # Monday is 0
    start: time = time(9, 0)
    end: time = time(18, 0)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.days


@dataclass(frozen=True)
class NudgePolicy:
    hours: WorkingHours = field(default_factory=WorkingHours)
    due_lead: timedelta = timedelta(hours=2)
    escalate_after_working_days: int = 2
    pre_due_working_days: int = 1


@dataclass(frozen=True)
class PlannedNudge:
    kind: NudgeKind
    at: datetime  # aware, UTC


@dataclass(frozen=True)
class Promise:
    """What the schedule needs to know of a commitment."""

    due_at: datetime  # aware
    has_time: bool  # False: a date only, due by the end of that working day
    zone: ZoneInfo  # the zone of the person being nudged


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, at).replace(tzinfo=zone, fold=0).astimezone(UTC)


def schedule(promise: Promise, policy: NudgePolicy) -> Iterator[PlannedNudge]:
    """Every nudge for a promise that stays open, in time order (an endless overdue series)."""
    due_day = promise.due_at.astimezone(promise.zone).date()
    pre_due = _pre_due(due_day, promise.zone, policy)
    due = _due(promise, due_day, policy)
    if pre_due < due:
        yield PlannedNudge(NudgeKind.PRE_DUE, pre_due)
    yield PlannedNudge(NudgeKind.DUE, due)
    for number, day in enumerate(_working_days_after(due_day, policy.hours), start=1):
        at = local_instant(day, policy.hours.start, promise.zone)
        if number == policy.escalate_after_working_days + 1:
            yield PlannedNudge(NudgeKind.ESCALATION, at)
        yield PlannedNudge(NudgeKind.OVERDUE, at)


def _pre_due(due_day: date, zone: ZoneInfo, policy: NudgePolicy) -> datetime:
    day = due_day
    for _ in range(max(policy.pre_due_working_days, 1)):
        day = _previous_working_day(day, policy.hours)
    return local_instant(day, policy.hours.start, zone)


def _due(promise: Promise, due_day: date, policy: NudgePolicy) -> datetime:
    day_start = local_instant(due_day, policy.hours.start, promise.zone)
    if not promise.has_time:
        return day_start
    ahead = promise.due_at - policy.due_lead
    # Not before the working day starts, unless the promise itself is that early.
    return ahead if ahead >= day_start or day_start >= promise.due_at else day_start


def _previous_working_day(day: date, hours: WorkingHours) -> date:
    for back in range(1, 8):
        candidate = day - timedelta(days=back)
        if hours.is_working_day(candidate):
            return candidate
    return day - timedelta(days=1)  # no working days configured: the day before


def _working_days_after(day: date, hours: WorkingHours) -> Iterator[date]:
    for ahead in range(1, MAX_OVERDUE_DAYS_SCANNED + 1):
        candidate = day + timedelta(days=ahead)
        if hours.is_working_day(candidate) or not hours.days:
            yield candidate


@dataclass(frozen=True)
class Plan:
    """What to send now, and when to look again."""

    due_now: tuple[PlannedNudge, ...]
    next_at: datetime | None


def plan(promise: Promise, policy: NudgePolicy, *, since: datetime, now: datetime) -> Plan:
    """The nudges that fell due in (since, now], coalesced, and the next instant after `now`.

    After downtime the owner gets one nudge, the latest that fell due, not a backlog of them;
    an escalation that fell due is always kept (it goes to someone else).
    """
    passed: list[PlannedNudge] = []
    next_at: datetime | None = None
    for nudge in islice(schedule(promise, policy), MAX_OVERDUE_DAYS_SCANNED + 3):
        if nudge.at > now:
            next_at = nudge.at
            break
        if nudge.at > since:
            passed.append(nudge)
    return Plan(due_now=_coalesce(passed), next_at=next_at)


def _coalesce(passed: list[PlannedNudge]) -> tuple[PlannedNudge, ...]:
    escalations = [n for n in passed if n.kind is NudgeKind.ESCALATION][:1]
    to_owner = [n for n in passed if n.kind is not NudgeKind.ESCALATION][-1:]
    return tuple(sorted([*escalations, *to_owner], key=lambda n: (n.at, n.kind.value)))


def first_nudge_after(promise: Promise, policy: NudgePolicy, moment: datetime) -> datetime | None:
    """The first instant of the schedule strictly after `moment` (a new or re-dated promise)."""
    return plan(promise, policy, since=moment, now=moment).next_at
