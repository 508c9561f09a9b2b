"""The log form as an Adaptive Card (pure): the Teams twin of the Slack modal.

Inputs use the field names of `commands.cases` as ids, so the errors `commands.validation`
returns land under the field concerned when the card is refreshed after a submit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.teams import adaptive as ac
from bot.teams.ids import VERB, DataKey, InputId, Verb
from bot.teams.people_picker import people_picker
from commands.cases import (
    MAX_COMMITMENTS,
    MAX_CUSTOMER_LENGTH,
    MAX_PROMISE_LENGTH,
    MAX_TEXT_LENGTH,
    CaseField,
    CaseOutcome,
    CaseSummary,
    CommitmentField,
    commitment_field,
)
from commands.playbook import DEFAULT_PLAYBOOK, AngerLevel, ContactChannel, Phase, Playbook

Element = ac.Element
MAX_CHOICES = 100
NO_PROMISE_LABEL = ("What exactly was promised (nothing, settled on the call? leave the date and "
                    "this empty, and pick how it ended below)")


@dataclass(frozen=True)
class FormState:
    """What the card is drawn from: the submission it belongs to, and what was typed so far."""

    submission_key: str
    categories: Sequence[str]
    people: Sequence[tuple[str, str]]  # (user id, name) the owner picker offers
    reporter_user_id: str
    today: date
    commitment_count: int = 1
    values: Mapping[str, str] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)
    playbook: Playbook = DEFAULT_PLAYBOOK  # the workspace's steps


def log_case_card(form: FormState) -> Element:
    count = _count(form)
    body = [ac.text("Log a difficult conversation", weight="bolder", size="large"),
            *_case_inputs(form)]
    for index in range(count):
        body += _commitment_inputs(form, index)
    body += _settled_outcome(form)
    if form.errors:
        body.insert(1, ac.text("Please fix the fields marked below; nothing was saved yet.",
                               color="attention"))
    data = {DataKey.SUBMISSION_KEY.value: form.submission_key,
            DataKey.COMMITMENT_COUNT.value: count}
    actions = [ac.submit("Log it", {VERB: Verb.LOG_CASE.value, **data}, style="positive")]
    if count < MAX_COMMITMENTS:
        actions.append(ac.submit("Add another commitment",
                                 {VERB: Verb.ADD_COMMITMENT.value, **data}))
    return ac.card(body, actions)


def _count(form: FormState) -> int:
    return min(max(form.commitment_count, 1), MAX_COMMITMENTS)


def _case_inputs(form: FormState) -> list[Element]:
    value = form.values.get
    fields: list[Element] = [
        ac.required(ac.input_text(CaseField.CUSTOMER, "Customer",
                                  value=value(CaseField.CUSTOMER, ""),
                                  max_length=MAX_CUSTOMER_LENGTH, placeholder="Name or account"),
                    "Name the customer."),
        ac.choice_set(CaseField.CONTACT_CHANNEL, "How did it happen?",
                      [(c.label, c.value) for c in ContactChannel],
                      value=value(CaseField.CONTACT_CHANNEL, ContactChannel.PHONE.value)),
        ac.input_date(InputId.OCCURRED_ON, "When? (leave empty for just now)",
                      value=value(InputId.OCCURRED_ON, "")),
        ac.input_time(InputId.OCCURRED_TIME, "At", value=value(InputId.OCCURRED_TIME, "")),
        ac.required(ac.choice_set(CaseField.ANGER_LEVEL, "How angry was the customer?",
                                  [(a.label, str(int(a))) for a in AngerLevel],
                                  value=value(CaseField.ANGER_LEVEL, ""), expanded=True),
                    "Pick how angry the customer was."),
        ac.required(_long_text(form, CaseField.WHAT_HAPPENED, "What happened?"),
                    "Say what happened."),
        _long_text(form, CaseField.PROBLEM, "The underlying problem"),
        *_category(form),
        _long_text(form, CaseField.CUSTOMER_WANTS, "What the customer wants"),
        _long_text(form, CaseField.AGREED, "What was agreed"),
        *_step_choices(form),
        _long_text(form, CaseField.LESSONS, "Lessons learned"),
        ac.toggle(CaseField.SHARE_CONSENT, "Team digest",
                  "Share as an anonymized case study with the team",
                  on=value(CaseField.SHARE_CONSENT) == "true"),
    ]
    return _with_errors(fields, form.errors)


def _step_choices(form: FormState) -> list[Element]:
    """One multi-select a phase of the call, like the Slack modal's checkbox groups."""
    sets = []
    for phase in Phase:
        name = f"{CaseField.DEESCALATION_STEPS.value}_{phase.value}"
        steps = form.playbook.in_phase(phase)
        if steps:
            sets.append(ac.choice_set(name, f"Steps you used: {phase.label.lower()}",
                                      [(s.label, s.id) for s in steps],
                                      value=form.values.get(name, ""), multi=True,
                                      expanded=True))
    return sets


def _long_text(form: FormState, name: CaseField, label: str) -> Element:
    return ac.input_text(name, label, value=form.values.get(name, ""), multiline=True,
                         max_length=MAX_TEXT_LENGTH)


def _category(form: FormState) -> list[Element]:
    unique = list(dict.fromkeys(form.categories))[:MAX_CHOICES]
    if not unique:
        return []
    return [ac.choice_set(CaseField.CATEGORY, "Category", [(c, c) for c in unique],
                          value=form.values.get(CaseField.CATEGORY, ""))]


def _commitment_inputs(form: FormState, index: int) -> list[Element]:
    def name(part: CommitmentField) -> str:
        return commitment_field(index, part)

    owner = form.values.get(name(CommitmentField.OWNER), form.reporter_user_id)
    due = ac.input_date(name(CommitmentField.DUE_DATE), "Promised follow-up date",
                        value=form.values.get(name(CommitmentField.DUE_DATE), ""),
                        minimum=form.today.isoformat())
    # Not marked required: a case settled on the call has no promise (the server checks that a
    # promise has its date and its words), and an added one must be removable while empty.
    promise = ac.input_text(name(CommitmentField.PROMISE),
                            NO_PROMISE_LABEL if index == 0 else "What exactly was promised",
                            value=form.values.get(name(CommitmentField.PROMISE), ""),
                            multiline=True, max_length=MAX_PROMISE_LENGTH,
                            placeholder="e.g. Call back with the refund")
    fields = [
        people_picker(name(CommitmentField.OWNER), "Owner", _owners(form), value=owner),
        due,
        ac.input_time(name(CommitmentField.DUE_TIME),
                      "Time (optional: without one, the end of the owner's working day)",
                      value=form.values.get(name(CommitmentField.DUE_TIME), "")),
        promise,
    ]
    heading = ac.text(f"Commitment {index + 1}", weight="bolder", size="medium")
    return [heading, *_with_errors(fields, form.errors), *_remover(form, index)]


def _remover(form: FormState, index: int) -> list[Element]:
    """Added commitments can be taken out again (the first one is the case's promise)."""
    if index == 0:
        return []
    data = {VERB: Verb.REMOVE_COMMITMENT.value,
            DataKey.SUBMISSION_KEY.value: form.submission_key,
            DataKey.COMMITMENT_COUNT.value: _count(form),
            DataKey.REMOVE_INDEX.value: index}
    return [ac.action_set([ac.submit(f"Remove commitment {index + 1}", data)])]


def _settled_outcome(form: FormState) -> list[Element]:
    choice = ac.choice_set(CaseField.SETTLED_OUTCOME,
                           "Settled on the call, no promise? Close it now as",
                           [(o.label, o.value) for o in CaseOutcome],
                           value=form.values.get(CaseField.SETTLED_OUTCOME, ""))
    return _with_errors([choice], form.errors)


def _owners(form: FormState) -> list[tuple[str, str]]:
    # Only people angrycall can reach in Teams can be nudged: the reporter and whoever has
    # talked to the bot. The reporter comes first, as "me".
    others = [(name, user) for user, name in form.people if user != form.reporter_user_id]
    return [("Me", form.reporter_user_id), *others[:MAX_CHOICES - 1]]


def _with_errors(fields: list[Element], errors: Mapping[str, str]) -> list[Element]:
    out: list[Element] = []
    for element in fields:
        out.append(element)
        field_id = element["id"]
        message = errors.get(field_id) or (
            errors.get(CaseField.OCCURRED_AT) if field_id == InputId.OCCURRED_ON else None)
        if message:
            out.append(ac.error_text(message, field_id))
    return out


def logged_card(summary: CaseSummary) -> Element:
    """What the form turns into once the case is stored: a record, no more buttons."""
    promises = [
        ac.text(f"- {ac.plain(c.promise)} (due {c.due_date:%a %d %b}"
                f"{c.due_time.strftime(' %H:%M') if c.due_time else ''})")
        for c in summary.commitments
    ]
    return ac.card([
        # The default text colour: Teams' "good" green is about 2:1 on white, unreadable.
        ac.text(f"✅ Case #{summary.case_id} logged", weight="bolder", size="large"),
        ac.text(f"Customer: {ac.plain(summary.customer)}, anger "
                f"{summary.anger_level.label.lower()}"),
        *promises,
        ac.text(_after_logging(summary), subtle=True),
    ])


def _after_logging(summary: CaseSummary) -> str:
    if summary.commitments:
        return "Each owner is nudged before the date. Thanks for logging it."
    if summary.closed_as is not None:
        return f"No promise to keep: settled on the call, and closed as {summary.closed_as.label}."
    return "No promise to keep. Thanks for logging it."
