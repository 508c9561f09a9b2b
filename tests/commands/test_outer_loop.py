"""The outer loop's numbers for one digest week (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from commands.outer_loop import OldestTheme, measure_outer_loop, was_rescued
from storage.theme_facts import LoopCase
from storage.theme_models import Theme, ThemeCase

END = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
START = END - timedelta(days=7)
IN_WEEK = START + timedelta(days=2)
EARLIER = START - timedelta(days=10)


def theme(theme_id: int, *, created: datetime = IN_WEEK, state: str = "open",
          fixed: datetime | None = None, told: datetime | None = None) -> Theme:
    return Theme(id=theme_id, workspace_id=1, title=f"Theme {theme_id}", state=state,
                 started_by_id=1, created_at=created, fixed_at=fixed, told_at=told)


def link(case_id: int, told: str | None = None, at: datetime | None = IN_WEEK) -> ThemeCase:
    return ThemeCase(theme_id=0, case_id=case_id, linked_by_id=1, linked_at=EARLIER,
                     customer_told=told, told_at=at if told else None)


def case(case_id: int, *, anger: int = 4, closed: datetime | None = None,
         mood: int | None = None, kept_after_hours: float | None = None) -> LoopCase:
    logged = START
    kept = logged + timedelta(hours=kept_after_hours) if kept_after_hours is not None else None
    return LoopCase(case_id=case_id, logged_at=logged, anger_level=anger, closed_at=closed,
                    mood_after=mood, first_kept_at=kept)


def test_a_week_of_the_outer_loop() -> None:
    themes = [
        (theme(1, created=EARLIER, state="told", fixed=IN_WEEK, told=IN_WEEK),
         [link(1, "told"), link(2, "unreachable")]),
        (theme(2, created=EARLIER, state="fixed", fixed=EARLIER), [link(3, "told"), link(4)]),
        (theme(3, created=EARLIER - timedelta(days=3)), []),
        (theme(4), [link(5)]),
    ]
    cases = [case(1, anger=5, closed=IN_WEEK, mood=4, kept_after_hours=10),
             case(2, anger=1, closed=IN_WEEK, mood=3, kept_after_hours=30),
             case(3, closed=EARLIER, mood=5), case(4, kept_after_hours=300)]

    week = measure_outer_loop(start=START, end=END, themes=themes, cases=cases,
                              target_hours=24)

    assert (week.raised, week.fixed, week.told) == (1, 1, 1)
    assert week.oldest_open == OldestTheme(title="Theme 3", days_open=20, state="open")
    assert (week.customers_told, week.customers_in_fixed, week.close_the_loop_rate) == (
        2, 4, 0.5)
    assert (week.rescued, week.closed_with_mood, week.rescue_rate) == (1, 2, 0.5)
    assert (week.follow_up_median_hours, week.follow_ups) == (20.0, 2)
    assert week.follow_up_target_hours == 24


def test_a_quiet_week_has_no_rates() -> None:
    week = measure_outer_loop(start=START, end=END, themes=[], cases=[], target_hours=48)

    assert not week.shown
    assert week.close_the_loop_rate is None and week.rescue_rate is None
    assert week.follow_up_median_hours is None


def test_rescued_means_a_mood_after_above_the_anger_at_logging() -> None:
    assert was_rescued(case(1, anger=5, mood=2))
    assert not was_rescued(case(1, anger=5, mood=1))
    assert not was_rescued(case(1, anger=1, mood=3))
    assert was_rescued(case(1, anger=1, mood=4))
