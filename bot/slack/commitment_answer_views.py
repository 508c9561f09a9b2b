"""Accepting or declining a promise made for you, and what the reporter can do with a declined
one: reassign, renegotiate, drop (pure Block Kit builders)."""

from __future__ import annotations

from typing import Any

from bot.slack import commitment_modals as modals
from bot.slack.commitment_modals import ActionOrigin, about, modal, text_input
from bot.slack.ids import ActionId, CallbackId, InputId
from bot.slack.mrkdwn import clip, escape
from bot.slack.nudge_views import (
    button,
    case_closed_message,
    commitment_actions,
    section,
    state_summary,
)
from commands.commitment_actions import ActionResult, CommitmentState, Outcome
from commands.promise_conversations import PromiseForm
from commands.promise_replies import AskedToAccept, FormReady, Notice, TellReporterDeclined

Message = dict[str, Any]
REASON_PREVIEW = 1000


def answer_buttons(commitment_id: int) -> dict[str, Any]:
    """Accept or Decline: what the owner of a promise made for them answers first."""
    value = str(commitment_id)
    return {"type": "actions", "block_id": f"answer_{commitment_id}", "elements": [
        button("Accept", ActionId.ACCEPT, value, style="primary"),
        button("Decline", ActionId.DECLINE, value),
    ]}


def decline_modal(state: CommitmentState, origin: ActionOrigin) -> dict[str, Any]:
    return modal(CallbackId.DECLINE_MODAL, "Decline the promise", "Decline", origin, [
        about(state),
        text_input(InputId.REASON, "Why can't you keep it?",
                   "e.g. I'm away on Friday; Sam knows this account better"),
    ])


def drop_modal(state: CommitmentState, origin: ActionOrigin) -> dict[str, Any]:
    return modal(CallbackId.DROP_MODAL, "Drop the promise", "Drop it", origin, [
        about(state),
        text_input(InputId.NOTE, "A note: what was the customer told?",
                   "e.g. Called them back: the refund is not possible, they agreed"),
    ])


def after_answer(result: ActionResult) -> Message:
    """The message answered, redrawn as a record of the answer."""
    state = result.state
    assert state is not None
    line = _answer_line(result, state)
    blocks = [section(f"{line}\n{state_summary(state)}")]
    if result.outcome is Outcome.ACCEPTED:
        blocks.append(commitment_actions(state.commitment_id, state.case_id))
    return {"text": line, "blocks": blocks}


def _answer_line(result: ActionResult, state: CommitmentState) -> str:
    if result.outcome is Outcome.ACCEPTED:
        return ":white_check_mark: *You accepted this promise.* I'll remind you before it is due."
    if result.outcome is Outcome.DECLINED:
        return (f":no_entry_sign: *You declined it:* {escape(clip(state.decline_reason, 300))}\n"
                f"<@{state.reporter_user_id}> decides what happens next.")
    closed = " Nothing else was open: the case is closed." if result.case_closed else ""
    return f":wastebasket: *Dropped.* Note: {escape(clip(state.note, 500))}{closed}"


def declined_message(state: CommitmentState) -> Message:
    """To whoever logged it: the owner said no, and why; three ways on."""
    reason = escape(clip(state.decline_reason, REASON_PREVIEW))
    text = (f":no_entry_sign: <@{state.owner_user_id}> declined a promise you logged:\n"
            f"{state_summary(state)}\n*Why:* {reason}\n"
            "Give it to someone else, agree a new date, or drop it with a note.")
    value = str(state.commitment_id)
    return {"text": "A promise you logged was declined", "blocks": [
        section(text),
        {"type": "actions", "block_id": f"declined_{state.commitment_id}", "elements": [
            button("Reassign", ActionId.REASSIGN, value, style="primary"),
            button("Renegotiate", ActionId.RENEGOTIATE, value),
            button("Drop it", ActionId.DROP, value),
        ]},
    ]}


def asked_to_accept(state: CommitmentState, by_user_id: str | None, *, new_date: bool) -> Message:
    """To the owner of a promise handed over or re-dated for them: the same question again."""
    by = f"<@{by_user_id}>" if by_user_id else "A colleague"
    what = "agreed a new date for a promise you declined" if new_date else "handed you a promise"
    return {"text": f"{by} {what}", "blocks": [
        section(f":inbox_tray: {by} {what} made to a customer.\n{state_summary(state)}"),
        answer_buttons(state.commitment_id),
    ]}


def modal_for(form: PromiseForm, ready: FormReady, origin: ActionOrigin) -> dict[str, Any]:
    """The modal a promise's button opens, once the clicker may fill it."""
    state = ready.state
    if form is PromiseForm.RENEGOTIATE:
        return modals.renegotiate_modal(state, origin, ready.today)
    if form is PromiseForm.REASSIGN:
        return modals.reassign_modal(state, origin)
    if form is PromiseForm.DECLINE:
        return decline_modal(state, origin)
    if form is PromiseForm.DROP:
        return drop_modal(state, origin)
    return modals.done_modal(state, origin)


def notice_message(notice: Notice) -> Message:
    """The DM telling someone else of an action on a promise."""
    if isinstance(notice, AskedToAccept):
        return asked_to_accept(notice.state, notice.by_user_id, new_date=notice.new_date)
    if isinstance(notice, TellReporterDeclined):
        return declined_message(notice.state)
    return case_closed_message(notice.state)
