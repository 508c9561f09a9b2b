"""Nudge DMs and their states after an action (pure Block Kit builders)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.slack.ids import ActionId
from bot.slack.mrkdwn import clip, escape, slack_date
from commands.commitment_actions import ActionResult, CommitmentState, Outcome, SnoozeChoice
from commands.people import zone_named
from commands.ports import NudgeMessage
from commands.schedule import NudgeKind

Message = dict[str, Any]
PROMISE_PREVIEW = 1500
CUSTOMER_PREVIEW = 150
SNOOZE_LABELS = {
    SnoozeChoice.ONE_HOUR: "In 1 hour",
    SnoozeChoice.TOMORROW_MORNING: "Next working morning",
}


def nudge_message(nudge: NudgeMessage) -> Message:
    customer = escape(clip(nudge.customer, CUSTOMER_PREVIEW))
    headline = _headline(nudge, customer)
    blocks = [
        section(f"{headline}\n>{escape(clip(nudge.promise, PROMISE_PREVIEW))}\n"
                 f"Due {_due(nudge)}"),
        _context(f"Case #{nudge.case_id}, logged by {_reporter(nudge)}"),
        commitment_actions(nudge.commitment_id, nudge.case_id,
                           droppable=nudge.kind is NudgeKind.LEAD_DECISION),
    ]
    return {"text": _plain_headline(nudge), "blocks": blocks}


def _reporter(nudge: NudgeMessage) -> str:
    return "you" if nudge.to_reporter else f"<@{nudge.reporter_user_id}>"


def _due(nudge: NudgeMessage) -> str:
    """In the reader's zone; a lead also reads it as the owner lives it (their zone may differ)."""
    due = slack_date(nudge.due_at, zone_named(nudge.zone_name))
    if not nudge.to_lead:
        return due
    owner_zone = zone_named(nudge.owner_zone_name)
    local = nudge.due_at.astimezone(owner_zone)
    return (f"{due} (for <@{nudge.owner_user_id}>: {local:%a %d %b %H:%M}, "
            f"{owner_zone.key})")


def _headline(nudge: NudgeMessage, customer: str) -> str:
    days, owner = _days(nudge.overdue_working_days), f"<@{nudge.owner_user_id}>"
    headlines = {
        NudgeKind.PRE_DUE: f":alarm_clock: *Coming up:* your promise to *{customer}*",
        NudgeKind.DUE: f":alarm_clock: *Due today:* your promise to *{customer}*",
        NudgeKind.OVERDUE: f":warning: *Overdue* ({days}): your promise to *{customer}*",
        NudgeKind.ESCALATED: (f":warning: *Overdue* ({days}): your promise to *{customer}*. "
                              "Your team lead now knows too; Done, a new date or a hand-over "
                              "settles it."),
        NudgeKind.ESCALATION: (f":rotating_light: *Escalation:* {owner}'s promise to "
                               f"*{customer}* is overdue ({days})"),
        NudgeKind.LEAD_REMINDER: (f":rotating_light: *Still overdue* ({days}): {owner}'s "
                                  f"promise to *{customer}*. I'll remind you weekly until "
                                  "it is settled."),
        NudgeKind.LEAD_DECISION: (f":hourglass: *Overdue for {days}:* {owner}'s promise to "
                                  f"*{customer}*. Time to decide: mark it done, give it to "
                                  "someone else, or agree a new date with the customer."),
    }
    return headlines.get(nudge.kind, f":alarm_clock: *Reminder:* your promise to *{customer}*")


def _plain_headline(nudge: NudgeMessage) -> str:
    names = {
        NudgeKind.PRE_DUE: "Coming up",
        NudgeKind.DUE: "Due today",
        NudgeKind.OVERDUE: "Overdue",
        NudgeKind.ESCALATED: "Overdue, and escalated to your lead",
        NudgeKind.ESCALATION: "Escalation: an overdue promise",
        NudgeKind.LEAD_REMINDER: "Still overdue",
        NudgeKind.LEAD_DECISION: "Overdue for weeks: time to decide",
        NudgeKind.SNOOZED: "Reminder",
    }
    return f"{names[nudge.kind]}: the promise to {escape(clip(nudge.customer, CUSTOMER_PREVIEW))}"


def _days(count: int) -> str:
    return "1 working day" if count == 1 else f"{count} working days"


def commitment_actions(commitment_id: int, case_id: int, *,
                       droppable: bool = False) -> dict[str, Any]:
    """Done, Snooze, Renegotiate, Reassign, View case; and Drop when a lead is asked to decide."""
    value = str(commitment_id)
    drop = [button("Drop it", ActionId.DROP, value)] if droppable else []
    return {
        "type": "actions",
        "block_id": f"commitment_{commitment_id}",
        "elements": [
            button("Done", ActionId.DONE, value, style="primary"),
            {
                "type": "static_select",
                "action_id": ActionId.SNOOZE.value,
                "placeholder": {"type": "plain_text", "text": "Snooze"},
                "options": [
                    {"text": {"type": "plain_text", "text": label},
                     "value": f"{commitment_id}:{choice.value}"}
                    for choice, label in SNOOZE_LABELS.items()
                ],
            },
            button("Renegotiate", ActionId.RENEGOTIATE, value),
            button("Reassign", ActionId.REASSIGN, value),
            *drop,
            button("View case", ActionId.VIEW_CASE, str(case_id)),
        ],
    }


def button(text: str, action: ActionId, value: str, style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "action_id": action.value,
        "text": {"type": "plain_text", "text": text},
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def after_action(result: ActionResult, *, now: datetime) -> Message:
    """The nudge redrawn as a true record of what was done with it."""
    state = result.state
    assert state is not None
    summary = state_summary(state)
    outcome_line = _outcome_line(result, state, now)
    blocks: list[dict[str, Any]] = [section(f"{outcome_line}\n{summary}")]
    if result.still_open:
        blocks.append(commitment_actions(state.commitment_id, state.case_id))
    return {"text": outcome_line, "blocks": blocks}


def state_summary(state: CommitmentState) -> str:
    due = slack_date(state.due_at, zone_named(state.zone_name))
    customer = escape(clip(state.customer, CUSTOMER_PREVIEW))
    return f"*{customer}*: {escape(clip(state.promise, PROMISE_PREVIEW))}\nDue {due}"


def _outcome_line(result: ActionResult, state: CommitmentState, now: datetime) -> str:
    if result.outcome is Outcome.DONE:
        timing = "kept on time" if result.kept_on_time(now) else "kept late"
        note = f" Note: {escape(clip(state.note, 500))}" if state.note else ""
        closed = " All promises of this case are kept: the case is closed." if (
            result.case_closed) else ""
        return f":white_check_mark: *Done*, {timing}.{note}{closed}"
    if result.outcome is Outcome.SNOOZED and result.snoozed_until is not None:
        until = slack_date(result.snoozed_until, zone_named(state.zone_name))
        return f":zzz: *Snoozed* until {until}."
    if result.outcome is Outcome.RENEGOTIATED:
        return f":arrows_counterclockwise: *New date agreed* (slip #{state.slips})."
    if result.outcome is Outcome.REASSIGNED:
        return f":arrow_right: *Reassigned* to <@{state.owner_user_id}>."
    return f":information_source: This promise is already {escape(state.status)}."


def case_closed_message(state: CommitmentState) -> Message:
    customer = escape(clip(state.customer, CUSTOMER_PREVIEW))
    text = f":tada: Every promise to *{customer}* (case #{state.case_id}) is kept: case closed."
    return {"text": text, "blocks": [section(text)]}


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, 3000)}}


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}
