"""When a channel's weekly digest falls due, and which whole days it counts (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from commands.digest_composition import Week

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
    """The instant the digest counting ISO week `week` (e.g. 2026-W48) is due: the first
    scheduled instant after the week's last counted day (a Monday digest counts the week
    before it, a Friday one Friday to Thursday)."""
    year, number = week.split("-W")
    last_counted = date.fromisocalendar(int(year), int(number), (schedule.weekday - 1) % 7 + 1)
    return _local(last_counted + timedelta(days=1), schedule)


def counted_week_label(fire_at: datetime, zone: ZoneInfo) -> str:
    """The ISO week a digest due at `fire_at` counts: the week of its last counted day."""
    return iso_week(fire_at - timedelta(days=1), zone)


def counted_days(fire_at: datetime, zone: ZoneInfo, started: datetime) -> Week:
    """The whole local days a digest due at `fire_at` counts: the 7 days before its day, but
    none before the workspace started."""
    end = _midnight(fire_at.astimezone(zone).date(), zone)
    return _week(end - WEEK, end, zone, started, counted_week_label(fire_at, zone))


def preview_days(now: datetime, zone: ZoneInfo, started: datetime) -> Week:
    """A preview counts today up to this very moment and the 6 days before."""
    today = now.astimezone(zone).date()
    start = _midnight(today - timedelta(days=6), zone)
    return _week(start, now + timedelta(seconds=1), zone, started, iso_week(now, zone))


def _week(start: datetime, end: datetime, zone: ZoneInfo, started: datetime,
          label: str) -> Week:
    start = max(start, started)
    return Week(start=start, end=end, first_day=start.astimezone(zone).date(),
                last_day=(end - timedelta(microseconds=1)).astimezone(zone).date(), label=label)


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time()).replace(tzinfo=zone).astimezone(UTC)


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
