"""When a channel's weekly digest falls due, and which days it looks back on (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class DigestSchedule:
    weekday: int  # Monday is 0
    at: time
    zone: ZoneInfo


def iso_week(instant: datetime, zone: ZoneInfo) -> str:
    """The ISO week of an instant in a zone: `2026-W48`."""
    year, week, _ = instant.astimezone(zone).isocalendar()
    return f"{year}-W{week:02d}"


def post_instant_in_week(schedule: DigestSchedule, week: str) -> datetime:
    """The instant the digest of ISO week `week` (e.g. 2026-W48) is due."""
    year, number = week.split("-W")
    day = date.fromisocalendar(int(year), int(number), schedule.weekday + 1)
    return _local(day, schedule)


def _local(day: date, schedule: DigestSchedule) -> datetime:
    # A non-existent local time is read just after the gap; an ambiguous one, its first time.
    return datetime.combine(day, schedule.at).replace(tzinfo=schedule.zone, fold=0).astimezone(UTC)


def latest_due(schedule: DigestSchedule, now: datetime) -> datetime:
    """The last scheduled instant at or before `now` (one a week, at local time)."""
    local_day = now.astimezone(schedule.zone).date()
    back = (local_day.weekday() - schedule.weekday) % 7
    candidate = _local(local_day - timedelta(days=back), schedule)
    return candidate if candidate <= now else _local(local_day - timedelta(days=back + 7),
                                                     schedule)


def next_due_after(schedule: DigestSchedule, moment: datetime) -> datetime:
    """The first scheduled instant strictly after `moment`."""
    latest = latest_due(schedule, moment)
    following = _local(latest.astimezone(schedule.zone).date() + WEEK, schedule)
    return following if following > moment else _local(
        latest.astimezone(schedule.zone).date() + 2 * WEEK, schedule)


def window_before(instant: datetime) -> tuple[datetime, datetime]:
    """The 7 days a digest due at `instant` covers: [instant - 7 days, instant)."""
    return instant - WEEK, instant
