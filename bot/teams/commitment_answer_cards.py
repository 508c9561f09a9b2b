"""Accept / Decline a promise made for you, and the reporter's ways on after a decline, as
Adaptive Cards (pure). Forms unfold in place (Action.ShowCard), like the nudge card's."""

from __future__ import annotations

from collections.abc import Sequence

from bot.teams import adaptive as ac
from bot.teams.ids import VERB, DataKey, InputId, Verb
from bot.teams.nudge_cards import (
    CUSTOMER_PREVIEW,
    PROMISE_PREVIEW,
    clip,
    commitment_actions,
    drop_action,
    reassign_action,
    view_case_action,
    when,
)
from commands.cases import CaseSummary, CommitmentSummary
from commands.commitment_actions import ActionResult, CommitmentState, Outcome
from commands.promise_replies import AskedToAccept, TellReporterDeclined

Element = ac.Element


def _data(verb: Verb, commitment_id: int) -> dict[str, object]:
    return {VERB: verb.value, DataKey.COMMITMENT_ID.value: commitment_id}


def _about(state: CommitmentState) -> list[Element]:
    return [ac.text(ac.plain(f"{clip(state.customer, CUSTOMER_PREVIEW)}: "
                             f"{clip(state.promise, PROMISE_PREVIEW)}")),
            ac.text(f"Due {when(state.due_at)}")]


def answer_card(headline: str, state: CommitmentState) -> Element:
    """To the owner of a promise someone else made for them: can you keep it?"""
    cid = state.commitment_id
    return ac.card([
        ac.text(ac.plain(headline), weight="bolder", size="medium"), *_about(state),
        ac.text("Can you keep it? Accept it, or decline and say why: whoever logged the case "
                "decides what happens next.", subtle=True),
    ], [
        ac.submit("Accept", _data(Verb.ACCEPT, cid), style="positive"),
        ac.show_card("Decline", [
            ac.input_text(InputId.REASON, "Why can't you keep it?", multiline=True,
                          max_length=3000),
        ], [ac.submit("Decline", _data(Verb.DECLINE, cid))]),
    ])


def declined_card(state: CommitmentState, people: Sequence[tuple[str, str]]) -> Element:
    """To whoever logged it: the owner said no, and why; reassign, re-date or drop it."""
    cid = state.commitment_id
    return ac.card([
        ac.text("A promise you logged was declined", weight="bolder", size="medium"),
        *_about(state),
        ac.text(ac.plain(f"Why: {clip(state.decline_reason, 1000)}")),
    ], [
        *reassign_action(cid, people, state.owner_user_id),
        ac.show_card("Renegotiate", [
            ac.input_date(InputId.NEW_DATE, "New date agreed with the customer"),
            ac.input_time(InputId.NEW_TIME, "Time (optional)"),
            ac.toggle(InputId.CUSTOMER_INFORMED, "The customer", "I told the customer"),
        ], [ac.submit("Save the new date", _data(Verb.RENEGOTIATE, cid))]),
        drop_action(cid),
    ])


def after_answer_card(result: ActionResult) -> Element:
    state = result.state
    assert state is not None
    if result.outcome is Outcome.ACCEPTED:
        line = "You accepted this promise. I'll remind you before it is due."
        return ac.card([ac.text(line, weight="bolder"), *_about(state)],
                       [*commitment_actions(state.commitment_id),
                        view_case_action(state.case_id)])
    elif result.outcome is Outcome.DECLINED:
        line = "You declined it; whoever logged the case decides what happens next."
    elif result.outcome is Outcome.REASSIGNED:
        line = "Reassigned: the new owner is asked to accept it."
    else:
        line = "Dropped." + (" Nothing else was open: the case is closed."
                             if result.case_closed else "")
    return ac.card([ac.text(line, weight="bolder"), *_about(state)])


def state_of_logged(summary: CaseSummary, commitment: CommitmentSummary) -> CommitmentState:
    """A promise just logged, as the cards about a promise read it."""
    return CommitmentState(
        commitment_id=commitment.commitment_id, case_id=summary.case_id,
        customer=summary.customer, promise=commitment.promise,
        owner_user_id=commitment.owner_user_id, reporter_user_id=summary.reporter_user_id,
        due_at=commitment.due_at, has_time=commitment.due_time is not None,
        zone_name=commitment.zone_name, status="open", slips=0, note="", acceptance="pending")


def notice_card(notice: AskedToAccept | TellReporterDeclined,
                people: Sequence[tuple[str, str]]) -> Element:
    """The card telling someone else of an action on a promise: asked for a yes again, or
    (to the reporter) declined, with whom it could go to instead."""
    state = notice.state
    if isinstance(notice, AskedToAccept):
        headline = (f"A new date for the promise to {state.customer} you declined"
                    if notice.new_date else f"You were handed a promise to {state.customer}")
        return answer_card(headline, state)
    return declined_card(state, people)
