"""Nudges and their state after an action, as Adaptive Cards (pure).

Done, Snooze and Renegotiate unfold small forms in place (Action.ShowCard): Teams has no modal
for a card button. Due dates use the card's DATE/TIME functions, so each reader sees their own
timezone, like Slack's `<!date>`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from bot.teams import adaptive as ac
from bot.teams.adaptive import clip as clip  # kept importable here, where it used to live
from bot.teams.ids import VERB, DataKey, InputId, Verb
from bot.teams.people_picker import people_picker
from commands.commitment_actions import (
    ActionResult,
    CommitmentState,
    Outcome,
    Reaction,
    SnoozeChoice,
)
from commands.people import zone_named
from commands.ports import NudgeMessage
from commands.schedule import NudgeKind

Element = ac.Element
PROMISE_PREVIEW = 1500
CUSTOMER_PREVIEW = 150
MAX_PEOPLE = 100
SNOOZE_LABELS = {SnoozeChoice.ONE_HOUR: "In 1 hour",
                 SnoozeChoice.TOMORROW_MORNING: "Next working morning"}
REACTION_LABELS = {Reaction.PLEASED: "Pleased", Reaction.NEUTRAL: "Neutral",
                   Reaction.STILL_UPSET: "Still upset"}
HEADLINES = {
    NudgeKind.PRE_DUE: "Coming up: your promise to {customer}",
    NudgeKind.DUE: "Due today: your promise to {customer}",
    NudgeKind.OVERDUE: "Overdue ({days}): your promise to {customer}",
    NudgeKind.ESCALATED: ("Overdue ({days}): your promise to {customer}. Your team lead now "
                          "knows too; Done, a new date or a hand-over settles it."),
    NudgeKind.ESCALATION: "Escalation: a promise to {customer} is overdue ({days})",
    NudgeKind.LEAD_REMINDER: ("Still overdue ({days}): a promise to {customer}. I'll remind "
                              "you weekly until it is settled."),
    NudgeKind.LEAD_DECISION: ("Overdue for {days}: a promise to {customer}. Time to decide: "
                              "mark it done, give it to someone else, or agree a new date."),
    NudgeKind.SNOOZED: "Reminder: your promise to {customer}",
}


def when(instant: datetime) -> str:
    """A date and time each Teams client renders in its own timezone."""
    stamp = instant.strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{{{{DATE({stamp}, SHORT)}}}} {{{{TIME({stamp})}}}}"


def nudge_headline(nudge: NudgeMessage) -> str:
    days = nudge.overdue_working_days
    return HEADLINES[nudge.kind].format(
        customer=clip(nudge.customer, CUSTOMER_PREVIEW),
        days="1 working day" if days == 1 else f"{days} working days")


MAX_ACTIONS = 5


def nudge_card(nudge: NudgeMessage, people: Sequence[tuple[str, str]] = ()) -> Element:
    """`people` (user id, name): whom the promise may be handed to. Like Slack's nudge: Done,
    Snooze, Renegotiate, Reassign, View case; and Drop for a lead asked to decide."""
    decide = [drop_action(nudge.commitment_id)] if nudge.kind is NudgeKind.LEAD_DECISION else []
    return commitment_card(
        headline=nudge_headline(nudge), commitment_id=nudge.commitment_id,
        promise=nudge.promise, due_at=nudge.due_at, case_id=nudge.case_id,
        owner_zone=nudge.owner_zone_name if nudge.to_lead else None,
        logged_by_you=nudge.to_reporter,
        more_actions=[*reassign_action(nudge.commitment_id, people, nudge.owner_user_id),
                      *decide, view_case_action(nudge.case_id)])


def view_case_action(case_id: int) -> Element:
    return ac.submit("View case", {VERB: Verb.VIEW_CASE.value, DataKey.CASE_ID.value: case_id})


def reassign_action(commitment_id: int, people: Sequence[tuple[str, str]],
                    owner_user_id: str, *, static_limit: int = MAX_PEOPLE) -> list[Element]:
    """The owner picker searches everyone angrycall can message as a name is typed; `people`
    are the choices shown to clients without that search."""
    others = [(name, user) for user, name in people if user != owner_user_id]
    if not others:
        return []
    return [ac.show_card("Reassign", [
        people_picker(InputId.NEW_OWNER, "Give it to", others, static_limit=static_limit),
    ], [ac.submit("Reassign", _data(Verb.REASSIGN, commitment_id), style="positive")])]


def drop_action(commitment_id: int) -> Element:
    return ac.show_card("Drop it", [
        ac.input_text(InputId.DROP_NOTE, "A note: what was the customer told?", multiline=True,
                      max_length=3000),
    ], [ac.submit("Drop it", _data(Verb.DROP, commitment_id))])


def _data(verb: Verb, commitment_id: int) -> dict[str, object]:
    return {VERB: verb.value, DataKey.COMMITMENT_ID.value: commitment_id}


def owners_time(due_at: datetime, zone_name: str) -> str:
    """The due time as the owner lives it (a lead may be hours away from them)."""
    zone = zone_named(zone_name)
    return f"{due_at.astimezone(zone):%a %d %b %H:%M} in the owner's zone ({zone.key})"


def commitment_card(*, headline: str, commitment_id: int, promise: str, due_at: datetime,
                    case_id: int, errors: Mapping[str, str] | None = None,
                    owner_zone: str | None = None, logged_by_you: bool = False,
                    more_actions: Sequence[Element] = (),
                    typed: Mapping[str, str] | None = None) -> Element:
    """`typed`: what was entered in the Renegotiate panel, kept when the card is redrawn."""
    due = f"Due {when(due_at)}" + (f"; {owners_time(due_at, owner_zone)}" if owner_zone else "")
    body = [
        ac.text(ac.plain(headline), weight="bolder", size="medium"),
        ac.text(ac.plain(clip(promise, PROMISE_PREVIEW))),
        ac.text(due),
        ac.text(f"Case #{case_id}" + (", logged by you" if logged_by_you else ""), subtle=True),
        *(ac.error_text(message, field) for field, message in (errors or {}).items()),
    ]
    actions = [*commitment_actions(commitment_id, headline=headline, typed=typed), *more_actions]
    # A card shows at most MAX_ACTIONS buttons at its foot (the renderer's default host config);
    # any more (a lead's View case) go in the body, under the case line.
    overflow = [ac.action_set(actions[MAX_ACTIONS:])] if actions[MAX_ACTIONS:] else []
    return ac.card([*body, *overflow], actions[:MAX_ACTIONS])


def commitment_actions(commitment_id: int, *, headline: str = "",
                       typed: Mapping[str, str] | None = None) -> list[Element]:
    def data(verb: Verb) -> dict[str, object]:
        sent: dict[str, object] = {VERB: verb.value, DataKey.COMMITMENT_ID.value: commitment_id}
        if headline and verb is Verb.RENEGOTIATE:  # redrawn as it was if the date is refused
            sent[DataKey.HEADLINE.value] = headline
        return sent

    kept = typed or {}

    return [
        ac.show_card("Done", [
            ac.input_text(InputId.NOTE, "Outcome note (optional)", multiline=True,
                          max_length=3000),
            ac.choice_set(InputId.REACTION, "How did the customer take it?",
                          [(label, r.value) for r, label in REACTION_LABELS.items()]),
        ], [ac.submit("Mark done", data(Verb.DONE), style="positive")]),
        ac.show_card("Snooze", [
            ac.choice_set(InputId.SNOOZE_CHOICE, "Remind me",
                          [(label, c.value) for c, label in SNOOZE_LABELS.items()],
                          value=SnoozeChoice.ONE_HOUR.value, expanded=True),
        ], [ac.submit("Snooze", data(Verb.SNOOZE))]),
        ac.show_card("Renegotiate", [
            ac.input_date(InputId.NEW_DATE, "New date agreed with the customer",
                          value=kept.get(InputId.NEW_DATE, "")),
            ac.input_time(InputId.NEW_TIME, "Time (optional)",
                          value=kept.get(InputId.NEW_TIME, "")),
            ac.toggle(InputId.CUSTOMER_INFORMED, "The customer", "I told the customer",
                      on=kept.get(InputId.CUSTOMER_INFORMED) == "true"),
        ], [ac.submit("Save the new date", data(Verb.RENEGOTIATE))]),
    ]


def after_action_card(result: ActionResult, *, now: datetime) -> Element:
    """The nudge redrawn as a true record of what was done with it."""
    state = result.state
    assert state is not None
    body = [ac.text(_outcome_line(result, state, now), weight="bolder"),
            ac.text(ac.plain(f"{clip(state.customer, CUSTOMER_PREVIEW)}: "
                             f"{clip(state.promise, PROMISE_PREVIEW)}")),
            ac.text(f"Due {when(state.due_at)}")]
    return ac.card(body, commitment_actions(state.commitment_id) if result.still_open else ())


def _outcome_line(result: ActionResult, state: CommitmentState, now: datetime) -> str:
    if result.outcome is Outcome.DONE:
        timing = "kept on time" if result.kept_on_time(now) else "kept late"
        closed = " Every promise of this case is kept: the case is closed." if (
            result.case_closed) else ""
        return f"Done, {timing}.{closed}"
    if result.outcome is Outcome.SNOOZED and result.snoozed_until is not None:
        return f"Snoozed until {when(result.snoozed_until)}."
    if result.outcome is Outcome.RENEGOTIATED:
        return f"New date agreed (slip #{state.slips})."
    return f"This promise is already {state.status}."


def case_closed_text(state: CommitmentState) -> str:
    return (f"Every promise to {ac.plain(clip(state.customer, CUSTOMER_PREVIEW))} "
            f"(case #{state.case_id}) is kept: case closed.")

