"""`/angrycall list`: a person's open commitments as one ephemeral message (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from bot.slack.mrkdwn import clip, escape, slack_date
from bot.slack.nudge_views import commitment_actions
from commands.my_commitments import NOTHING_OWED, OwedItem
from commands.people import zone_named

SECTION_TEXT_LIMIT = 3000
# Two blocks an item plus a header: within a message's 50 blocks.
PROMISE_PREVIEW = 300


def open_commitments_list(items: Sequence[OwedItem], total: int | None = None) -> dict[str, Any]:
    if not items:
        text = NOTHING_OWED
        return {"text": text, "blocks": [_section(text)]}
    header = _header(len(items), total or len(items))
    blocks = [_section(f"*{header}*")]
    for item in items:
        blocks += [item_block(item), commitment_actions(item.commitment_id, item.case_id)]
    return {"text": header, "blocks": blocks}


def _header(shown: int, total: int) -> str:
    if total <= shown:
        return f"Your open commitments ({shown}), soonest first:"
    # A message holds 50 blocks: the rest are a page away in App Home.
    return (f"Your open commitments: the soonest {shown} of {total}. To see them all, open "
            "angrycall's Home tab (click angrycall under Apps).")


def item_block(item: OwedItem) -> dict[str, Any]:
    zone: ZoneInfo = zone_named(item.zone_name)
    flag = ":warning: *Overdue* " if item.overdue else ""
    text = (
        f"{flag}*{escape(clip(item.customer, 150))}*: "
        f"{escape(clip(item.promise, PROMISE_PREVIEW))}\n"
        f"Due {slack_date(item.due_at, zone)}"
    )
    return _section(clip(text, SECTION_TEXT_LIMIT))


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}
