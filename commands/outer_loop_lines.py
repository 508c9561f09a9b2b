"""The outer loop's few digest lines, in words every platform renders (pure).

`quote` makes user text (a theme's title) safe for the platform's markup."""

from __future__ import annotations

from collections.abc import Callable

from commands.outer_loop import OuterLoopWeek

HEADING = "The outer loop: problems behind many calls"


def outer_loop_lines(week: OuterLoopWeek, quote: Callable[[str], str]) -> list[str]:
    return [_themes(week, quote), _rates(week), _follow_up(week)]


def _themes(week: OuterLoopWeek, quote: Callable[[str], str]) -> str:
    line = (f"Themes this week: {week.raised} raised, {week.fixed} fixed, "
            f"{week.told} with every customer told.")
    oldest = week.oldest_open
    if oldest is not None:
        days = "1 day" if oldest.days_open == 1 else f"{oldest.days_open} days"
        line += f" Oldest open: \"{quote(oldest.title)}\", {days} ({oldest.state})."
    return line


def _rates(week: OuterLoopWeek) -> str:
    closing = (f"{_percent(week.close_the_loop_rate)} ({week.customers_told} of "
               f"{week.customers_in_fixed} customers told after a fix)"
               if week.close_the_loop_rate is not None else "no fixed theme yet")
    rescue = (f"{_percent(week.rescue_rate)} ({week.rescued} of {week.closed_with_mood} "
              f"closed cases left happier than they came)"
              if week.rescue_rate is not None else "no closed case with a mood after")
    return f"Close-the-loop rate: {closing}. Rescue rate: {rescue}."


def _follow_up(week: OuterLoopWeek) -> str:
    target = f"target {week.follow_up_target_hours} h"
    if week.follow_up_median_hours is None:
        return f"Time to first follow-up: no promise kept this week ({target})."
    verdict = "within" if week.follow_up_median_hours <= week.follow_up_target_hours else "over"
    return (f"Time to first follow-up: median {week.follow_up_median_hours:g} h over "
            f"{week.follow_ups} case{'s' if week.follow_ups != 1 else ''}, {verdict} the "
            f"{target}.")


def _percent(rate: float | None) -> str:
    return f"{100 * (rate or 0):.0f}%"
