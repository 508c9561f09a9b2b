"""The sandbox's own "now": it runs like a clock and can be moved forward, never back, so a
week of nudges and a digest can be seen in a minute."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from commands.schedule import WorkingHours, local_instant

MONDAY = 0


class ClockError(ValueError):
    """An instant the sandbox clock cannot move to."""


class SandboxClock:
    def __init__(self, start: datetime) -> None:
        self._base = start
        self._set_at = time.monotonic()

    def now(self) -> datetime:
        return self._base + timedelta(seconds=time.monotonic() - self._set_at)

    def move_to(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ClockError("give the instant with its offset or zone")
        if instant <= self.now():
            raise ClockError("the sandbox clock only moves forward")
        self._base, self._set_at = instant, time.monotonic()


def next_working_morning(now: datetime, zone: ZoneInfo,
                         hours: WorkingHours | None = None) -> datetime:
    """The next start of a working day after `now`, in `zone` (Monday to Friday, 09:00)."""
    hours = hours or WorkingHours()
    day = now.astimezone(zone).date()
    for ahead in range(8):
        candidate = day + timedelta(days=ahead)
        morning = local_instant(candidate, hours.start, zone)
        if hours.is_working_day(candidate) and morning > now:
            return morning
    return local_instant(day + timedelta(days=1), hours.start, zone)


def next_monday_morning(now: datetime, zone: ZoneInfo, hours: WorkingHours | None = None, *,
                        counting_from: date | None = None) -> datetime:
    """Monday's start of the working day, the first one after `now` (when digests go out)
    whose digest counts a day on or after `counting_from`, the day the workspace started: on
    the Monday it started, that is the next Monday, as last week's digest has nothing to say."""
    start = (hours or WorkingHours()).start
    day = now.astimezone(zone).date()
    for ahead in range(15):
        candidate = day + timedelta(days=ahead)
        morning = local_instant(candidate, start, zone)
        if (candidate.weekday() == MONDAY and morning > now
                and (counting_from is None or candidate > counting_from)):
            return morning
    raise AssertionError("such a Monday comes within 15 days")  # pragma: no cover
