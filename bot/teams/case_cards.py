"""A case as Adaptive Cards (pure): everything logged, its promises, notes, status and timeline,
with Add a note / Edit / Close / Delete for whom `commands.case_lifecycle` allows; the edit form
(the log form's own inputs, filled with what is stored). The Teams twin of Slack's case modal."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from zoneinfo import ZoneInfo

from bot.teams import adaptive as ac
from bot.teams.form_card import FormState, log_case_card
from bot.teams.ids import VERB, DataKey, InputId, Verb
from bot.teams.nudge_cards import CUSTOMER_PREVIEW, clip, when
from commands.case_conversation import DELETE_WARNING
from commands.case_lifecycle import CaseDetail, CaseOutcome
from commands.cases import CaseDraft, CaseField, CommitmentField, commitment_field
from commands.playbook import Phase, Playbook
from commands.refusals import NOTE_MISSING, OUTCOME_MISSING
from commands.timeline import event_words

Element = ac.Element
FIELD_PREVIEW = 1500
NOTES_SHOWN = 10
TIMELINE_SHOWN = 15


def case_card(detail: CaseDetail, *, names: Mapping[str, str]) -> Element:
    """`names`: user id -> display name, for the people the card mentions."""
    summary = detail.summary
    body = [ac.text(f"Case #{summary.case_id}", weight="bolder", size="large"),
            *_facts(detail, names), ac.text(_status(detail), weight="bolder"),
            *_notes(detail, names), *_timeline(detail, names)]
    return ac.card(body, case_actions(detail))


def _facts(detail: CaseDetail, names: Mapping[str, str]) -> list[Element]:
    summary = detail.summary
    steps = detail.playbook.labels(summary.deescalation_steps)
    facts = [
        ac.text(f"**{ac.plain(clip(summary.customer, CUSTOMER_PREVIEW))}** "
                f"({summary.contact_channel.label}), anger {summary.anger_level.label.lower()}, "
                f"logged by {_name(summary.reporter_user_id, names)}"),
        *_field("What happened", summary.what_happened),
        *_field("What was agreed", summary.agreed or "-"),
        ac.text("**De-escalation steps**\n\n" + ("\n".join(f"- {ac.plain(s)}" for s in steps)
                                                 if steps else "_Not recorded_")),
    ]
    for promise in summary.commitments:
        facts += _field(f"Promise by {_name(promise.owner_user_id, names)}, due "
                        f"{when(promise.due_at)}", promise.promise)
    return facts


def _field(label: str, value: str) -> list[Element]:
    return [ac.text(f"**{label}**"), ac.text(ac.plain(clip(value, FIELD_PREVIEW)))]


def _status(detail: CaseDetail) -> str:
    if detail.status == "open":
        return "Status: open"
    outcome = detail.outcome.label if detail.outcome else "closed"
    mood = f", customer's mood after: {detail.mood_after}/5" if detail.mood_after else ""
    return f"Status: closed, {outcome.lower()}{mood}"


def _notes(detail: CaseDetail, names: Mapping[str, str]) -> list[Element]:
    notes = []
    for note in detail.notes[-NOTES_SHOWN:]:
        notes += _field(f"Note by {_name(note.author_user_id, names)}, {when(note.at)}",
                        note.text)
    return notes


def _timeline(detail: CaseDetail, names: Mapping[str, str]) -> list[Element]:
    lines = [f"- {when(e.at)}: {event_words(e.kind)}"
             + (f" ({_name(e.actor_user_id, names)})" if e.actor_user_id else "")
             for e in detail.timeline[-TIMELINE_SHOWN:]]
    return [ac.text("**Timeline**"), ac.text("\n".join(lines) or "Nothing yet.")]


def case_actions(detail: CaseDetail) -> list[Element]:
    data = {DataKey.CASE_ID.value: detail.summary.case_id}
    actions = [ac.show_card("Add a note", [
        ac.required(ac.input_text(InputId.NOTE, "Follow-up note", multiline=True,
                                  max_length=3000), NOTE_MISSING),
    ], [ac.submit("Add the note", {VERB: Verb.CASE_NOTE.value, **data}, style="positive")])]
    if not detail.can_manage:
        return actions
    actions.append(ac.submit("Edit", {VERB: Verb.CASE_EDIT.value, **data}))
    if detail.can_close:
        actions.append(ac.show_card("Close the case", close_inputs(), [
            ac.submit("Close it", {VERB: Verb.CASE_CLOSE.value, **data}, style="positive")]))
    actions.append(ac.show_card("Delete", [ac.text(f"Delete this case? {DELETE_WARNING}")], [
        ac.submit("Delete for good", {VERB: Verb.CASE_DELETE.value, **data},
                  style="destructive")]))
    return actions


def close_inputs() -> list[Element]:
    return [
        ac.required(ac.choice_set(InputId.OUTCOME, "Outcome",
                                  [(o.label, o.value) for o in CaseOutcome], expanded=True),
                    OUTCOME_MISSING),
        ac.choice_set(InputId.MOOD, "The customer's mood after (1 angry, 5 happy)",
                      [(f"{n}/5", str(n)) for n in range(1, 6)]),
    ]


def deleted_card(case_id: int) -> Element:
    return ac.card([ac.text(f"Case #{case_id} is deleted.", weight="bolder")])


def edit_card(detail: CaseDetail, *, values: Mapping[str, str], errors: Mapping[str, str],
              viewer: str, today: date) -> Element:
    """The log form's case inputs (no promises: they change through their own buttons)."""
    form = log_case_card(FormState(
        submission_key="", categories=detail.categories, people=(), reporter_user_id=viewer,
        today=today, values=values, errors=errors, playbook=detail.playbook))
    body = form["body"]
    first_promise = commitment_field(0, CommitmentField.OWNER)
    cut = next(i for i, e in enumerate(body) if e.get("id") == first_promise) - 1  # its heading
    case_id = detail.summary.case_id
    return ac.card([ac.text(f"Edit case #{case_id}", weight="bolder", size="large"),
                    *body[1:cut]], [
        ac.submit("Save", {VERB: Verb.CASE_SAVE.value, DataKey.CASE_ID.value: case_id},
                  style="positive"),
        ac.submit("Back to the case", {VERB: Verb.VIEW_CASE.value,
                                       DataKey.CASE_ID.value: case_id,
                                       DataKey.IN_PLACE.value: True}),
    ])


def stored_values(draft: CaseDraft, playbook: Playbook, zone: ZoneInfo) -> dict[str, str]:
    """The stored case as the edit card's typed values; "when" in the editor's own zone."""
    values = {
        CaseField.CUSTOMER.value: draft.customer,
        CaseField.CONTACT_CHANNEL.value: draft.contact_channel.value if draft.contact_channel
        else "",
        CaseField.ANGER_LEVEL.value: str(int(draft.anger_level)) if draft.anger_level else "",
        CaseField.WHAT_HAPPENED.value: draft.what_happened, CaseField.PROBLEM.value: draft.problem,
        CaseField.CATEGORY.value: draft.category or "",
        CaseField.CUSTOMER_WANTS.value: draft.customer_wants, CaseField.AGREED.value: draft.agreed,
        CaseField.LESSONS.value: draft.lessons,
        CaseField.SHARE_CONSENT.value: "true" if draft.share_consent else "false",
    }
    if draft.occurred_at is not None:
        local = draft.occurred_at.astimezone(zone)
        values[InputId.OCCURRED_ON.value] = local.date().isoformat()
        values[InputId.OCCURRED_TIME.value] = local.strftime("%H:%M")
    for phase in Phase:
        in_phase = {step.id for step in playbook.in_phase(phase)}
        values[f"{CaseField.DEESCALATION_STEPS.value}_{phase.value}"] = ",".join(
            step for step in draft.deescalation_steps if step in in_phase)
    return {key: value for key, value in values.items() if value}


def _name(user_id: str, names: Mapping[str, str]) -> str:
    return ac.plain(names.get(user_id) or "someone")
