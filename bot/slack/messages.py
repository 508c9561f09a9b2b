"""Messages about logged cases (pure): the reporter's confirmation, owners' DMs, help, errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.slack.commitment_answer_views import answer_buttons
from bot.slack.ids import ActionId
from bot.slack.mrkdwn import clip, escape_clipped, link, linkable, slack_date
from commands.cases import CaseSummary, CommitmentSummary
from commands.grammar import RequestKind
from commands.help import Help, help_for
from commands.people import zone_named

Message = dict[str, Any]
Block = dict[str, Any]
# Budgets for escaped user text. Every section stays well under Slack's 3000 characters, so
# the final clip in `_section` never cuts off what follows the user's text (the due date).
CUSTOMER_CHARS = 150
CATEGORY_CHARS = 150
PREVIEW_CHARS = 500
# Quoting adds a `>` per line, so a promise of newlines can double: 2 x 1200 still fits.
DM_PROMISE_CHARS = 1200
ERROR_CHARS = 1000
SECTION_TEXT_LIMIT = 3000

SLACK_SERVES = frozenset(RequestKind)


def help_text(reply: Help) -> str:
    lines = [f"*angrycall* {reply.intro}"]
    lines += [f"• `/angrycall{' ' if line.words else ''}{line.words}`: {line.what}"
              for line in reply.lines]
    lines.append("You can also use the *Log difficult conversation* shortcut on any message.")
    return "\n".join(lines)


HELP = help_text(help_for(SLACK_SERVES))


def case_logged_confirmation(summary: CaseSummary, care_line: str = "",
                             theme_offer: Sequence[Block] = ()) -> Message:
    """The reporter's record of what was logged; `theme_offer`, when the case is alike to
    earlier ones (`bot.slack.theme_views.theme_offer`), comes before the line of care."""
    customer = escape_clipped(summary.customer, CUSTOMER_CHARS)
    lines = [
        f":white_check_mark: Logged your conversation with *{customer}* (case #{summary.case_id})",
        f"Anger {summary.anger_level.label} · {summary.contact_channel.label}"
        + (f" · {escape_clipped(summary.category, CATEGORY_CHARS)}" if summary.category else ""),
    ]
    if summary.agreed:
        lines.append(f"*Agreed:* {escape_clipped(summary.agreed, PREVIEW_CHARS)}")
    used = len(summary.deescalation_steps)
    lines.append(f"Playbook steps used: {used}" if used else "Playbook steps: not recorded")
    blocks = [_section("\n".join(lines)), *(_promise(c) for c in summary.commitments)]
    if not summary.commitments:
        blocks += _no_promise(summary)
    if summary.share_consent:
        blocks.append(_context("It may appear, anonymized, as a case study in the team digest."))
    blocks += theme_offer
    if care_line:
        blocks.append(_section(f":tea: {escape_clipped(care_line, PREVIEW_CHARS)}"))
    return {"text": f"Logged your conversation with {customer}", "blocks": blocks}


def _no_promise(summary: CaseSummary) -> list[dict[str, Any]]:
    """Settled on the call: closed already, or a way to close it once the outcome is known."""
    if summary.closed_as is not None:
        return [_section(":handshake: No promise to keep: settled on the call, and closed as "
                         f"*{summary.closed_as.label}*.")]
    return [_section(":handshake: No promise to keep. Once you know how it ended, close the "
                     "case with its outcome."),
            {"type": "actions", "elements": [{
                "type": "button", "action_id": ActionId.VIEW_CASE.value,
                "text": {"type": "plain_text", "text": "View case"},
                "value": str(summary.case_id)}]}]


def _promise(commitment: CommitmentSummary) -> dict[str, Any]:
    due = slack_date(commitment.due_at, zone_named(commitment.zone_name))
    text = (f"*<@{commitment.owner_user_id}> promised:* "
            f"{escape_clipped(commitment.promise, PREVIEW_CHARS)}\nDue {due}")
    return _section(text)


def commitment_assigned_dm(summary: CaseSummary, commitment: CommitmentSummary) -> Message:
    customer = escape_clipped(summary.customer, CUSTOMER_CHARS)
    due = slack_date(commitment.due_at, zone_named(commitment.zone_name))
    text = (f":handshake: <@{summary.reporter_user_id}> logged a difficult conversation with "
            f"*{customer}* and noted that you promised:\n"
            f"{_quote(escape_clipped(commitment.promise, DM_PROMISE_CHARS))}\n"
            f"Due {due}. I'll remind you before then.")
    blocks = [_section(text), _context("Can you keep it? Accept it, or decline and say why: "
                                       "whoever logged the case decides what happens next."),
              answer_buttons(commitment.commitment_id)]
    if summary.source_permalink and linkable(summary.source_permalink):
        blocks.append(_context(link(summary.source_permalink, "The original message")))
    return {"text": f"You promised {customer} a follow-up", "blocks": blocks}


def _quote(text: str) -> str:
    # mrkdwn quotes one line per `>`: without one on each line, the quote ends at a newline.
    return ">" + text.replace("\n", "\n>")


WELCOME = (":wave: Thanks for adding *angrycall*. Right after a difficult customer "
           "conversation, type `/angrycall` in any channel to log it and the follow-up you "
           "promised; I'll remind whoever owes it before the date. Leads: `/angrycall settings` "
           "sets who leads the team and its working hours, and `/angrycall digest here` gives a "
           "channel the weekly lessons.")


def welcome_message() -> Message:
    return {"text": f"{WELCOME}\n\n{HELP}"}


def help_message() -> Message:
    # Plain text is enough: an ephemeral reply renders mrkdwn in `text` without blocks.
    return {"response_type": "ephemeral", "text": HELP}


def error_message(text: str) -> Message:
    # The icon also keeps `text` non-empty, which Slack requires of a text-only reply.
    return {"response_type": "ephemeral",
            "text": f":warning: {escape_clipped(text, ERROR_CHARS)}"}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, SECTION_TEXT_LIMIT)}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context",
            "elements": [{"type": "mrkdwn", "text": clip(text, SECTION_TEXT_LIMIT)}]}
