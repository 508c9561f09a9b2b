"""`view.state.values` as Slack sends them for the log modal, built from plain arguments."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from commands.cases import CaseField, CommitmentField, commitment_field
from commands.playbook import Phase, PlaybookStep


def text_input(value: str | None) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def select(value: str | None) -> dict[str, Any]:
    option = None if value is None else {"text": {"type": "plain_text", "text": value},
                                         "value": value}
    return {"type": "static_select", "selected_option": option}


def radio(value: str | None) -> dict[str, Any]:
    option = None if value is None else {"text": {"type": "plain_text", "text": value},
                                         "value": value}
    return {"type": "radio_buttons", "selected_option": option}


def checkboxes(values: list[str]) -> dict[str, Any]:
    return {
        "type": "checkboxes",
        "selected_options": [
            {"text": {"type": "plain_text", "text": v}, "value": v} for v in values
        ],
    }


def field(name: str, element: dict[str, Any]) -> dict[str, dict[str, Any]]:
    # Input blocks use the field name as block_id and as action_id.
    return {name: {name: element}}


def commitment_values(
    index: int, *, owner: str, due: date | None, at: time | None, promise: str
) -> dict[str, Any]:
    def name(part: CommitmentField) -> str:
        return commitment_field(index, part)

    return {
        **field(name(CommitmentField.OWNER), {"type": "users_select", "selected_user": owner}),
        **field(name(CommitmentField.DUE_DATE),
                {"type": "datepicker", "selected_date": due.isoformat() if due else None}),
        **field(name(CommitmentField.DUE_TIME),
                {"type": "timepicker", "selected_time": at.strftime("%H:%M") if at else None}),
        **field(name(CommitmentField.PROMISE), text_input(promise)),
    }


def step_fields(steps: tuple[str, ...]) -> dict[str, Any]:
    """The ticked steps, each in its phase's checkbox group (the lead's own: agreeing next)."""
    def phase_of(step: str) -> Phase:
        return PlaybookStep(step).phase if step in set(PlaybookStep) else Phase.NEXT

    return {k: v for phase in Phase for k, v in field(
        f"{CaseField.DEESCALATION_STEPS.value}_{phase.value}",
        checkboxes([s for s in steps if phase_of(s) is phase])).items()}


def case_values(
    *,
    customer: str = "Acme Corp",
    anger: str | None = "4",
    what_happened: str = "Invoice charged twice; customer shouted about cancelling.",
    category: str | None = "Billing",
    steps: tuple[str, ...] = ("acknowledge", "let_vent", "apologize"),
    consent: bool = True,
    commitments: tuple[dict[str, Any], ...] = (),
) -> dict[str, Any]:
    values: dict[str, Any] = {
        **field(CaseField.CUSTOMER, text_input(customer)),
        **field(CaseField.CONTACT_CHANNEL, select("phone")),
        **field(CaseField.OCCURRED_AT, {"type": "datetimepicker", "selected_date_time": None}),
        **field(CaseField.ANGER_LEVEL, radio(anger)),
        **field(CaseField.WHAT_HAPPENED, text_input(what_happened)),
        **field(CaseField.PROBLEM, text_input("Duplicate charge from the billing migration")),
        **field(CaseField.CATEGORY, select(category)),
        **field(CaseField.CUSTOMER_WANTS, text_input("A refund and an apology")),
        **field(CaseField.AGREED, text_input("Refund within 3 days, call back Friday")),
        **step_fields(steps),
        **field(CaseField.LESSONS, text_input("Check the migration report before calling")),
        **field(CaseField.SHARE_CONSENT, checkboxes(["share"] if consent else [])),
    }
    for commitment in commitments:
        values.update(commitment)
    return values
