"""The nudge schedule: fixed examples around weekends, the date line and DST, plus properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from commands.cases import due_instant
from commands.schedule import (
    NudgeKind,
    NudgePolicy,
    Promise,
    WorkingHours,
    first_nudge_after,
    plan,
    schedule,
)

POLICY = NudgePolicy()
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def promise(day: date, at: time | None, zone: ZoneInfo) -> Promise:
    return Promise(due_at=due_instant(day, at, zone), has_time=at is not None, zone=zone)


def first(p: Promise, count: int) -> list[tuple[str, str]]:
    nudges = []
    for nudge in schedule(p, POLICY):
        nudges.append((nudge.kind.value, nudge.at.astimezone(p.zone).strftime("%a %d %H:%M")))
        if len(nudges) == count:
            break
    return nudges


def test_a_friday_afternoon_promise() -> None:
    # Due Friday 27 Nov 15:00 Berlin: Thursday 09:00, Friday 13:00, then each working day.
    assert first(promise(date(2026, 11, 27), time(15, 0), BERLIN), 6) == [
        ("pre_due", "Thu 26 09:00"),
        ("due", "Fri 27 13:00"),
        ("overdue", "Mon 30 09:00"),
        ("overdue", "Tue 01 09:00"),
        ("escalation", "Wed 02 09:00"),
        ("escalated", "Wed 02 09:00"),
    ]


def test_a_monday_date_without_time() -> None:
    # The working day before Monday is Friday; no time means the due nudge at 09:00.
    assert first(promise(date(2026, 11, 30), None, NEW_YORK), 3) == [
        ("pre_due", "Fri 27 09:00"),
        ("due", "Mon 30 09:00"),
        ("overdue", "Tue 01 09:00"),
    ]


def test_an_early_promise_is_nudged_at_the_start_of_the_day() -> None:
    assert first(promise(date(2026, 11, 27), time(10, 0), BERLIN), 2)[1] == ("due", "Fri 27 09:00")
    # A promise before the working day starts still gets its two hours.
    assert first(promise(date(2026, 11, 27), time(8, 0), BERLIN), 2)[1] == ("due", "Fri 27 06:00")


def test_working_days_are_settable() -> None:
    sunday_to_thursday = NudgePolicy(hours=WorkingHours(days=frozenset({6, 0, 1, 2, 3})))
    p = promise(date(2026, 11, 26), time(12, 0), ZoneInfo("Asia/Jerusalem"))  # a Thursday
    kinds = [(n.kind.value, n.at.astimezone(p.zone).strftime("%a")) for n in schedule(
        p, sunday_to_thursday) if n.kind is NudgeKind.OVERDUE][:2]
    assert kinds == [("overdue", "Sun"), ("overdue", "Mon")]


def test_dst_spring_forward_keeps_local_nine() -> None:
    # New York springs forward on Sunday 8 March 2026: 09:00 is 14:00Z before, 13:00Z after.
    nudges = [n.at for n in schedule(promise(date(2026, 3, 6), None, NEW_YORK), POLICY)][:4]
    assert [n.isoformat() for n in nudges] == [
        "2026-03-05T14:00:00+00:00",  # Thu pre-due, EST
        "2026-03-06T14:00:00+00:00",  # Fri due, EST
        "2026-03-09T13:00:00+00:00",  # Mon overdue, EDT
        "2026-03-10T13:00:00+00:00",
    ]


def test_the_date_line() -> None:
    # The same instant is Thursday in Kiritimati (UTC+14) and Wednesday in Pago Pago (UTC-11).
    due_at = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)
    east = Promise(due_at=due_at, has_time=True, zone=ZoneInfo("Pacific/Kiritimati"))
    west = Promise(due_at=due_at, has_time=True, zone=ZoneInfo("Pacific/Pago_Pago"))
    assert first(east, 1) == [("pre_due", "Thu 26 09:00")]  # Friday 10:00 local is due
    assert first(west, 1) == [("pre_due", "Wed 25 09:00")]  # Thursday 09:00 local is due


def test_after_downtime_one_nudge_not_a_backlog() -> None:
    p = promise(date(2026, 11, 27), time(15, 0), BERLIN)
    created = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    back_up = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)  # down for everything until Thursday
    result = plan(p, POLICY, since=created, now=back_up)
    assert [n.kind for n in result.due_now] == [NudgeKind.ESCALATION, NudgeKind.ESCALATED]
    assert result.due_now[1].at.astimezone(BERLIN).strftime("%a %d %H:%M") == "Wed 02 09:00"
    assert result.next_at is not None
    # The ladder has thinned out: the 4th and 5th working days overdue are quiet.
    assert result.next_at.astimezone(BERLIN).strftime("%a %d %H:%M") == "Mon 07 09:00"


def test_nothing_is_planned_twice() -> None:
    p = promise(date(2026, 11, 27), time(15, 0), BERLIN)
    now = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    once = plan(p, POLICY, since=now - timedelta(days=3), now=now)
    again = plan(p, POLICY, since=now, now=now)
    assert [n.kind for n in once.due_now] == [NudgeKind.PRE_DUE]
    assert again.due_now == ()


def test_a_promise_made_after_the_pre_due_instant_skips_it() -> None:
    p = promise(date(2026, 11, 27), time(15, 0), BERLIN)
    made = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)  # Thursday 11:00 Berlin
    nxt = first_nudge_after(p, POLICY, made)
    assert nxt is not None
    assert nxt.astimezone(BERLIN).strftime("%a %d %H:%M") == "Fri 27 13:00"


zones = st.timezones(no_cache=True).filter(lambda z: str(z) != "build/etc/localtime")
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2037, 12, 31))
times = st.one_of(st.none(), st.times())


@settings(max_examples=300, deadline=None)
@given(zone=zones, day=days, at=times)
def test_nudges_come_in_order_and_precede_or_follow_the_due_as_named(
    zone: ZoneInfo, day: date, at: time | None
) -> None:
    p = promise(day, at, zone)
    nudges = [n for _, n in zip(range(8), schedule(p, POLICY), strict=False)]
    instants = [n.at for n in nudges]
    assert instants == sorted(instants)
    for nudge in nudges:
        if nudge.kind in (NudgeKind.PRE_DUE, NudgeKind.DUE):
            assert nudge.at < p.due_at or nudge.kind is NudgeKind.DUE
        else:
            assert nudge.at > p.due_at - timedelta(hours=26)
            local = nudge.at.astimezone(zone)
            assert local.weekday() in POLICY.hours.days
    assert len({(n.kind, n.at) for n in nudges}) == len(nudges)


@settings(max_examples=300, deadline=None)
@given(zone=zones, day=days, at=times, hours=st.integers(min_value=0, max_value=24 * 20))
def test_ticking_in_steps_plans_each_instant_once(
    zone: ZoneInfo, day: date, at: time | None, hours: int
) -> None:
    """Planning every hour or all at once never yields an instant twice."""
    p = promise(day, at, zone)
    start = p.due_at - timedelta(days=3)
    seen: list[datetime] = []
    since = start
    for step in range(1, hours + 1, 7):
        now = start + timedelta(hours=step)
        seen.extend(n.at for n in plan(p, POLICY, since=since, now=now).due_now
                    if n.kind is not NudgeKind.ESCALATION)
        since = now
    assert len(seen) == len(set(seen))


def test_the_offsets_are_settable() -> None:
    policy = NudgePolicy(pre_due_working_days=2, due_lead=timedelta(hours=4))
    nudges = [(n.kind.value, n.at.astimezone(BERLIN).strftime("%a %d %H:%M"))
              for n in list(schedule(promise(date(2026, 11, 30), time(15, 0), BERLIN),
                                     policy))[:2]]
    # Due Monday 15:00: two working days before is Thursday; four hours ahead is 11:00.
    assert nudges == [("pre_due", "Thu 26 09:00"), ("due", "Mon 30 11:00")]
