"""The outer loop's lines of the weekly digest, as Block Kit (pure)."""

from __future__ import annotations

from typing import Any

from bot.slack.mrkdwn import clip, escape
from commands.outer_loop import OuterLoopWeek
from commands.outer_loop_lines import HEADING, outer_loop_lines


def outer_loop_blocks(week: OuterLoopWeek | None) -> list[dict[str, Any]]:
    if week is None or not week.shown:
        return []
    text = "\n".join([f"*{HEADING}*", *outer_loop_lines(week, lambda t: escape(clip(t, 100)))])
    return [{"type": "section", "text": {"type": "mrkdwn", "text": clip(text, 3000)}}]
