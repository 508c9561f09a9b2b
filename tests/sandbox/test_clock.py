"""The sandbox clock moves forward only; its skips land on working mornings and Mondays."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.sandbox.clock import ClockError, SandboxClock, next_monday_morning, next_working_morning

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


@pytest.mark.parametrize(("now", "morning"), [
    (berlin(24, 10), berlin(25, 9)),  # Tuesday morning -> Wednesday
    (berlin(24, 8, 59), berlin(24, 9)),  # before the day starts -> that morning
    (berlin(27, 17), berlin(30, 9)),  # Friday -> Monday
    (berlin(28, 12), berlin(30, 9)),  # Saturday -> Monday
])
def test_next_working_morning(now: datetime, morning: datetime) -> None:
    assert next_working_morning(now, BERLIN) == morning


@pytest.mark.parametrize(("now", "monday"), [
    (berlin(24, 10), berlin(30, 9)),
    (berlin(30, 9), datetime(2026, 12, 7, 9, tzinfo=BERLIN)),  # exactly then -> next week
    (berlin(30, 8), berlin(30, 9)),
])
def test_next_monday_morning(now: datetime, monday: datetime) -> None:
    assert next_monday_morning(now, BERLIN) == monday


def test_on_the_monday_the_workspace_started_the_digest_worth_seeing_is_next_weeks() -> None:
    started = berlin(30, 2)
    assert next_monday_morning(started, BERLIN, counting_from=started.date()) == datetime(
        2026, 12, 7, 9, tzinfo=BERLIN)
    # Started on an earlier day: this Monday's digest counts it.
    assert next_monday_morning(started, BERLIN, counting_from=date(2026, 11, 29)) == berlin(30, 9)


def test_the_clock_runs_and_only_moves_forward() -> None:
    clock = SandboxClock(datetime(2026, 11, 24, 9, tzinfo=UTC))
    assert clock.now() >= datetime(2026, 11, 24, 9, tzinfo=UTC)
    clock.move_to(datetime(2026, 11, 30, 8, tzinfo=UTC))
    assert clock.now().date().isoformat() == "2026-11-30"
    with pytest.raises(ClockError):
        clock.move_to(datetime(2026, 11, 25, 8, tzinfo=UTC))
