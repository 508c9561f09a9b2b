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
# The owner's overdue ladder: every working day at first, then every third, then weekly.
DAILY_FOR_WORKING_DAYS = 3
EVERY_THIRD_UNTIL_WORKING_DAY = 15
THINNING_STEP = 3
# After this many weekly reminders the leads are asked to decide: close, reassign, re-date.
DECISION_AFTER_WEEKS = 3


class NudgeKind(StrEnum):
    PRE_DUE = "pre_due"  # one working day before
    DUE = "due"  # on the day, ahead of the promised time
    OVERDUE = "overdue"  # to the owner, on a ladder that thins out
    ESCALATED = "escalated"  # to the owner: overdue, and the leads now know
    ESCALATION = "escalation"  # to the leads, after N working days overdue
    LEAD_REMINDER = "lead_reminder"  # to the leads, weekly while it stays overdue
    LEAD_DECISION = "lead_decision"  # to the leads, weeks on: close, reassign or re-date it
    SNOOZED = "snoozed"  # the owner asked to be reminded again


LEAD_KINDS = frozenset({NudgeKind.ESCALATION, NudgeKind.LEAD_REMINDER, NudgeKind.LEAD_DECISION})
OWNER_KINDS = frozenset(NudgeKind) - LEAD_KINDS


@dataclass(frozen=True)
class WorkingHours:
    days: frozenset[int] = MONDAY_TO_FRIDAY  # Monday is 0
    start: time = time(9, 0)
    end: time = time(18, 0)
    holidays: frozenset[date] = frozenset()  # the workspace's dates off

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.days and day not in self.holidays

    @property
    def week(self) -> int:
        """Working days in a week: "weekly" counted in working days, holidays skipped."""
        return max(len(self.days), 1)


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
    # A snooze: the owner hears nothing of the schedule until then (the snooze's own reminder
    # lands at that instant), so one instant never brings two DMs.
    quiet_until: datetime | None = None


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, at).replace(tzinfo=zone, fold=0).astimezone(UTC)


def schedule(promise: Promise, policy: NudgePolicy) -> Iterator[PlannedNudge]:
    """Every nudge for a promise that stays open, in time order (an endless overdue series)."""
    for nudge in _every_nudge(promise, policy):
        quiet = promise.quiet_until is not None and nudge.at <= promise.quiet_until
        if not (quiet and nudge.kind in OWNER_KINDS):
            yield nudge


def _every_nudge(promise: Promise, policy: NudgePolicy) -> Iterator[PlannedNudge]:
    due_day = promise.due_at.astimezone(promise.zone).date()
    pre_due = _pre_due(due_day, promise.zone, policy)
    due = _due(promise, due_day, policy)
    if pre_due < due:
        yield PlannedNudge(NudgeKind.PRE_DUE, pre_due)
    yield PlannedNudge(NudgeKind.DUE, due)
    for number, day in enumerate(_working_days_after(due_day, policy.hours), start=1):
        at = local_instant(day, policy.hours.start, promise.zone)
        for kind in overdue_kinds(number, policy):
            yield PlannedNudge(kind, at)


def overdue_kinds(number: int, policy: NudgePolicy) -> tuple[NudgeKind, ...]:
    """What the `number`-th working day overdue brings: the leads' message first, then the
    owner's (told of the escalation on its day), or nothing on a quiet day of the ladder."""
    escalation_day = policy.escalate_after_working_days + 1
    if number == escalation_day:
        return NudgeKind.ESCALATION, NudgeKind.ESCALATED
    kinds: list[NudgeKind] = []
    weeks, rest = divmod(number - escalation_day, policy.hours.week)
    if number > escalation_day and rest == 0:
        kinds.append(NudgeKind.LEAD_DECISION if weeks >= DECISION_AFTER_WEEKS
                     else NudgeKind.LEAD_REMINDER)
    if owner_is_reminded(number, policy.hours.week):
        kinds.append(NudgeKind.OVERDUE)
    return tuple(kinds)


def owner_is_reminded(number: int, week: int) -> bool:
    """The ladder: daily for the first working days, then every third, then weekly."""
    if number <= DAILY_FOR_WORKING_DAYS:
        return True
    if number <= EVERY_THIRD_UNTIL_WORKING_DAY:
        return number % THINNING_STEP == 0
    return (number - EVERY_THIRD_UNTIL_WORKING_DAY) % week == 0


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


def working_days_overdue(due_day: date, day: date, hours: WorkingHours) -> int:
    """How many working days lie after `due_day`, up to and including `day`."""
    return sum(1 for offset in range(1, (day - due_day).days + 1)
               if hours.is_working_day(due_day + timedelta(days=offset)))


def next_working_morning(now: datetime, zone: ZoneInfo, hours: WorkingHours) -> datetime:
    """The start of the next working day after today, in `zone` ("tomorrow morning" on a
    Friday or before a holiday is the next day people work)."""
    day = now.astimezone(zone).date()
    for ahead in range(1, MAX_OVERDUE_DAYS_SCANNED + 1):
        candidate = day + timedelta(days=ahead)
        if hours.is_working_day(candidate):
            return local_instant(candidate, hours.start, zone)
    return local_instant(day + timedelta(days=1), hours.start, zone)


@dataclass(frozen=True)
class Plan:
    """What to send now, and when to look again."""

    due_now: tuple[PlannedNudge, ...]
    next_at: datetime | None


def plan(promise: Promise, policy: NudgePolicy, *, since: datetime, now: datetime) -> Plan:
    """The nudges that fell due in (since, now], coalesced, and the next instant after `now`.

    After downtime the owner gets one nudge, the latest that fell due, not a backlog of them;
    so do the leads (theirs go to someone else, so one of each is kept).
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
    to_leads = [n for n in passed if n.kind in LEAD_KINDS][-1:]
    to_owner = [n for n in passed if n.kind in OWNER_KINDS][-1:]
    return tuple(sorted([*to_leads, *to_owner], key=lambda n: n.at))


def first_nudge_after(promise: Promise, policy: NudgePolicy, moment: datetime) -> datetime | None:
    """The first instant of the schedule strictly after `moment` (a new or re-dated promise)."""
    return plan(promise, policy, since=moment, now=moment).next_at
