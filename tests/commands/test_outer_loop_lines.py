"""The outer loop's digest lines, in words and as each platform renders them (pure)."""

from __future__ import annotations

from bot.slack.outer_loop_views import outer_loop_blocks
from bot.teams.outer_loop_cards import outer_loop_elements
from commands.outer_loop import OldestTheme, OuterLoopWeek

WEEK = OuterLoopWeek(raised=2, fixed=1, told=1,
                     oldest_open=OldestTheme(title="Charged <twice>", days_open=9, state="open"),
                     customers_in_fixed=4, customers_told=3, closed_with_mood=2, rescued=1,
                     follow_up_median_hours=20.5, follow_ups=3, follow_up_target_hours=48)
QUIET = OuterLoopWeek(raised=0, fixed=0, told=0, oldest_open=None, customers_in_fixed=0,
                      customers_told=0, closed_with_mood=3, rescued=1,
                      follow_up_median_hours=None, follow_ups=0, follow_up_target_hours=48)


def test_slack_shows_the_outer_loop_in_one_section() -> None:
    [block] = outer_loop_blocks(WEEK)

    assert block["text"]["text"] == (
        "*The outer loop: problems behind many calls*\n"
        "Themes this week: 2 raised, 1 fixed, 1 with every customer told. Oldest open: "
        "\"Charged &lt;twice&gt;\", 9 days (open).\n"
        "Close-the-loop rate: 75% (3 of 4 customers told after a fix). Rescue rate: 50% "
        "(1 of 2 closed cases left happier than they came).\n"
        "Time to first follow-up: median 20.5 h over 3 cases, within the target 48 h.")


def test_teams_shows_the_same_lines() -> None:
    heading, body = outer_loop_elements(WEEK)

    assert heading["text"] == "The outer loop: problems behind many calls"
    assert body["text"].split("\n\n")[2] == (
        "Time to first follow-up: median 20.5 h over 3 cases, within the target 48 h.")


def test_a_workspace_without_themes_sees_no_outer_loop() -> None:
    assert outer_loop_blocks(QUIET) == [] and outer_loop_blocks(None) == []
    assert outer_loop_elements(QUIET) == []
