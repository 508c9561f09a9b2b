"""The rules a logged case must pass, as field -> message; empty means valid."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from commands.cases import (
    MAX_COMMITMENTS,
    MAX_CUSTOMER_LENGTH,
    MAX_PROMISE_LENGTH,
    MAX_TEXT_LENGTH,
    OCCURRED_AT_TOLERANCE,
    CaseDraft,
    CaseField,
    CommitmentDraft,
    CommitmentField,
    FormContext,
    commitment_field,
)

Errors = dict[str, str]


def validate_case(draft: CaseDraft, *, context: FormContext, now: datetime) -> Errors:
    """Every problem with the draft, keyed by the field that should show it."""
    errors: Errors = {}
    errors.update(_required_fields(draft))
    errors.update(_text_lengths(draft))
    errors.update(_category(draft, context.categories))
    errors.update(_occurred_at(draft, now))
    errors.update(_commitments(draft.commitments, context=context, now=now))
    errors.update(_settled(draft))
    return errors


def _settled(draft: CaseDraft) -> Errors:
    if draft.settled_outcome is None or not draft.promises:
        return {}
    return {CaseField.SETTLED_OUTCOME: "A case with a promise closes once the promise is "
                                       "kept: leave this empty, or clear the promise."}


def _required_fields(draft: CaseDraft) -> Errors:
    errors: Errors = {}
    if not draft.customer.strip():
        errors[CaseField.CUSTOMER] = "Who was the customer? A name or an account is enough."
    if draft.contact_channel is None:
        errors[CaseField.CONTACT_CHANNEL] = "Pick how the conversation happened."
    if draft.anger_level is None:
        errors[CaseField.ANGER_LEVEL] = "Pick how angry the customer was, 1 to 5."
    if not draft.what_happened.strip():
        errors[CaseField.WHAT_HAPPENED] = "Say in a sentence or two what happened."
    return errors


def _too_long(text: str, limit: int) -> str | None:
    if len(text) <= limit:
        return None
    return f"Please keep this under {limit:,} characters (it is {len(text):,})."


def _text_lengths(draft: CaseDraft) -> Errors:
    limits: list[tuple[str, str, int]] = [
        (CaseField.CUSTOMER, draft.customer, MAX_CUSTOMER_LENGTH),
        (CaseField.WHAT_HAPPENED, draft.what_happened, MAX_TEXT_LENGTH),
        (CaseField.PROBLEM, draft.problem, MAX_TEXT_LENGTH),
        (CaseField.CUSTOMER_WANTS, draft.customer_wants, MAX_TEXT_LENGTH),
        (CaseField.AGREED, draft.agreed, MAX_TEXT_LENGTH),
        (CaseField.LESSONS, draft.lessons, MAX_TEXT_LENGTH),
    ]
    return {
        name: message
        for name, text, limit in limits
        if (message := _too_long(text, limit)) is not None
    }


def _category(draft: CaseDraft, categories: Sequence[str]) -> Errors:
    if draft.category is None or draft.category in categories:
        return {}
    return {CaseField.CATEGORY: "That category is no longer offered; please pick another."}


def _occurred_at(draft: CaseDraft, now: datetime) -> Errors:
    if draft.occurred_at is None or draft.occurred_at <= now + OCCURRED_AT_TOLERANCE:
        return {}
    return {CaseField.OCCURRED_AT: "This is in the future; when did the conversation happen?"}


def _commitments(
    commitments: Sequence[CommitmentDraft], *, context: FormContext, now: datetime
) -> Errors:
    errors: Errors = {}
    if len(commitments) > MAX_COMMITMENTS:
        errors[commitment_field(MAX_COMMITMENTS - 1, CommitmentField.PROMISE)] = (
            f"A case holds at most {MAX_COMMITMENTS} commitments."
        )
    for index, commitment in enumerate(commitments[:MAX_COMMITMENTS]):
        if not commitment.is_blank:  # an empty section: settled on the call, no promise
            errors.update(_commitment(index, commitment, context=context, now=now))
    return errors


def _commitment(
    index: int, commitment: CommitmentDraft, *, context: FormContext, now: datetime
) -> Errors:
    errors: Errors = {}
    promise_id = commitment_field(index, CommitmentField.PROMISE)
    date_id = commitment_field(index, CommitmentField.DUE_DATE)
    time_id = commitment_field(index, CommitmentField.DUE_TIME)
    if not commitment.promise.strip():
        errors[promise_id] = "What exactly was promised to the customer?"
    elif (message := _too_long(commitment.promise, MAX_PROMISE_LENGTH)) is not None:
        errors[promise_id] = message
    if not commitment.owner_user_id:
        errors[commitment_field(index, CommitmentField.OWNER)] = "Who owns this promise?"
    if commitment.due_date is None:
        errors[date_id] = "When was the follow-up promised?"
        return errors
    local_now = now.astimezone(context.zone_of(commitment.owner_user_id))
    if commitment.due_date < local_now.date():
        errors[date_id] = "This date is in the past for the owner; pick today or later."
    elif (
        commitment.due_date == local_now.date()
        and commitment.due_time is not None
        and commitment.due_time < local_now.time().replace(tzinfo=None)
    ):
        errors[time_id] = "This time has already passed today for the owner."
    return errors
