"""A read-only modal with everything logged about a case (pure)."""

from __future__ import annotations

from typing import Any

from bot.slack.mrkdwn import clip, escape, slack_date
from commands.cases import CaseSummary
from commands.people import zone_named
from commands.playbook import PlaybookStep

FIELD_PREVIEW = 1500


def case_modal(summary: CaseSummary) -> dict[str, Any]:
    used = set(summary.deescalation_steps)
    steps = "\n".join(
        f"{':white_check_mark:' if step in used else ':white_square:'} {step.label}"
        for step in PlaybookStep
    )
    blocks = [
        _section(f"*{escape(clip(summary.customer, 150))}* ({summary.contact_channel.label}), "
                 f"anger {summary.anger_level.label}, logged by <@{summary.reporter_user_id}>"),
        _section(f"*What happened*\n{escape(clip(summary.what_happened, FIELD_PREVIEW))}"),
        _section(f"*What was agreed*\n{escape(clip(summary.agreed or '-', FIELD_PREVIEW))}"),
        _section(f"*De-escalation steps*\n{steps}"),
        *(_section(
            f"*Promise* by <@{c.owner_user_id}>, due "
            f"{slack_date(c.due_at, zone_named(c.zone_name))}\n"
            f"{escape(clip(c.promise, FIELD_PREVIEW))}")
          for c in summary.commitments),
    ]
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": f"Case #{summary.case_id}"[:24]},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": blocks,
    }


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, 3000)}}
