"""The outer loop's lines of the weekly digest, as Adaptive Card elements (pure)."""

from __future__ import annotations

from bot.teams import adaptive as ac
from commands.outer_loop import OuterLoopWeek
from commands.outer_loop_lines import HEADING, outer_loop_lines


def outer_loop_elements(week: OuterLoopWeek | None) -> list[ac.Element]:
    if week is None or not week.shown:
        return []
    lines = outer_loop_lines(week, lambda title: ac.plain(title[:100]))
    return [ac.text(HEADING, weight="bolder"), ac.text("\n\n".join(lines))]
