"""Messages about logged cases (pure): the reporter's confirmation, owners' DMs, help, errors."""

from __future__ import annotations

from typing import Any

from bot.slack.mrkdwn import clip, escape, slack_date
from commands.cases import CaseSummary, CommitmentSummary
from commands.people import zone_named
from commands.playbook import PlaybookStep

Message = dict[str, Any]
PREVIEW = 500

HELP = """*angrycall* helps you close the loop after a difficult customer conversation.
• `/angrycall`: log a conversation (customer, what happened, what was promised, by when)
• `/angrycall Acme call back Friday 3pm`: the same, prefilled from your note
• `/angrycall list`: your open commitments, with Done / Snooze / Renegotiate / Reassign
• `/angrycall digest here [weekday HH:MM] [timezone] [for Category, …]`: this channel gets
  the weekly digest (default Monday 09:00); `digest off` stops it; `digest preview` shows it
• `/angrycall settings`: team leads, working days and hours (leads and admins)
• `/angrycall help`: this message
You can also use the *Log difficult conversation* shortcut on any message."""


def case_logged_confirmation(summary: CaseSummary) -> Message:
    customer = escape(clip(summary.customer, 150))
    used = len(summary.deescalation_steps)
    lines = [
        f":white_check_mark: Logged your conversation with *{customer}* (case #{summary.case_id})",
        f"Anger {summary.anger_level.label} · {summary.contact_channel.label}"
        + (f" · {escape(clip(summary.category, 75))}" if summary.category else ""),
    ]
    if summary.agreed:
        lines.append(f"*Agreed:* {escape(clip(summary.agreed, PREVIEW))}")
    lines.append(f"Playbook steps used: {used} of {len(PlaybookStep)}")
    blocks = [_section("\n".join(lines)), *(_promise(c) for c in summary.commitments)]
    if summary.share_consent:
        blocks.append(_context("It may appear, anonymized, as a case study in the team digest."))
    return {"text": f"Logged your conversation with {customer}", "blocks": blocks}


def _promise(commitment: CommitmentSummary) -> dict[str, Any]:
    due = slack_date(commitment.due_at, zone_named(commitment.zone_name))
    text = (f"*<@{commitment.owner_user_id}> promised:* "
            f"{escape(clip(commitment.promise, PREVIEW))}\nDue {due}")
    return _section(text)


def commitment_assigned_dm(summary: CaseSummary, commitment: CommitmentSummary) -> Message:
    customer = escape(clip(summary.customer, 150))
    due = slack_date(commitment.due_at, zone_named(commitment.zone_name))
    text = (f":handshake: <@{summary.reporter_user_id}> logged a difficult conversation with "
            f"*{customer}* and noted that you promised:\n"
            f">{escape(clip(commitment.promise, 1500))}\nDue {due}. I'll remind you before then.")
    blocks = [_section(text)]
    if summary.source_permalink:
        blocks.append(_context(f"<{escape(summary.source_permalink)}|The original message>"))
    return {"text": f"You promised {customer} a follow-up", "blocks": blocks}


def help_message() -> Message:
    return {"response_type": "ephemeral", "text": HELP}


def error_message(text: str) -> Message:
    return {"response_type": "ephemeral", "text": escape(text)}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, 3000)}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(text, 3000)}]}
