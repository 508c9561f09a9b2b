"""A case's conversation, decided once for every platform: view it, add a note, open and save
the edit form, close it with its outcome and mood, delete it. Each action takes a `CaseAsk`
(and what was typed, as the platform read it) and returns a typed reply; the adapters render
it and decide nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import ClassVar

from commands import refusals
from commands.case_lifecycle import CaseDetail, CaseOutcome, detail_in_workspace
from commands.cases import MAX_TEXT_LENGTH, CaseDraft, FormContext
from commands.privacy import NotPrivate
from commands.validation import validate_case
from storage import case_lifecycle as lifecycle
from storage.engine import Database

# What deleting means, said before it is done (Slack's confirm dialog, the Teams card's panel).
DELETE_WARNING = ("It disappears from storage and from every digest. This can't be undone; the "
                  "audit keeps only that you deleted it.")
MOODS = frozenset({"1", "2", "3", "4", "5"})  # the customer's mood after, 1 angry to 5 happy


@dataclass(frozen=True)
class CaseAsk:
    workspace_id: int  # where the request came from: a case of another workspace is no one's
    actor: str
    case_id: int
    now: datetime
    # Whether only the asker sees the answer (the platform says: Slack's modals always, Teams'
    # personal chat); a case is not shown, nor changed, in front of a channel.
    privately: bool = True


class CaseForm(StrEnum):
    """The forms a case opens from its view; who may open each is decided here."""

    NOTE = "note"  # anyone who may see the case
    EDIT = "edit"  # the reporter and the leads
    CLOSE = "close"  # the reporter and the leads, while it is open


# The refusals, each with its one text (commands.refusals) for every platform to show.
@dataclass(frozen=True)
class NotYours:
    """Not on the case (nor a lead), or it is gone."""

    text: ClassVar[str] = refusals.NOT_YOURS


@dataclass(frozen=True)
class NotManager:
    """May see the case, not change it (or it was deleted meanwhile)."""

    text: ClassVar[str] = refusals.NOT_MANAGER


@dataclass(frozen=True)
class AlreadyClosed:
    text: ClassVar[str] = refusals.ALREADY_CLOSED


@dataclass(frozen=True)
class NoteMissing:
    text: ClassVar[str] = refusals.NOTE_MISSING


@dataclass(frozen=True)
class OutcomeMissing:
    text: ClassVar[str] = refusals.OUTCOME_MISSING


Refusal = NotPrivate | NotYours | NotManager | AlreadyClosed | NoteMissing | OutcomeMissing
NOT_HERE = NotPrivate(refusals.CASE_NOT_HERE)


@dataclass(frozen=True)
class FormErrors:
    errors: Mapping[str, str]  # by field; the edit form stays open with everything typed
    detail: CaseDetail  # the case as stored, to draw the form again


@dataclass(frozen=True)
class FormOpened:
    form: CaseForm
    detail: CaseDetail


@dataclass(frozen=True)
class CaseShown:
    detail: CaseDetail  # as it is now, after what was asked


@dataclass(frozen=True)
class CaseGone:
    """Changed, then deleted by someone else before it could be shown again."""

    case_id: int


@dataclass(frozen=True)
class CaseDeleted:
    case_id: int
    touched: tuple[str, ...]  # reporter, owners and leads: whose views of it must be redrawn


async def view_case(db: Database, ask: CaseAsk) -> NotPrivate | NotYours | CaseShown:
    if not ask.privately:
        return NOT_HERE
    detail = await _detail(db, ask)
    return NotYours() if detail is None else CaseShown(detail)


async def open_form(db: Database, ask: CaseAsk, form: CaseForm) -> (
        NotPrivate | NotYours | NotManager | AlreadyClosed | FormOpened):
    if not ask.privately:
        return NOT_HERE
    detail = await _detail(db, ask)
    if detail is None:
        return NotManager() if form is not CaseForm.NOTE else NotYours()
    if form is not CaseForm.NOTE and not detail.can_manage:
        return NotManager()
    if form is CaseForm.CLOSE and not detail.can_close:
        return AlreadyClosed()
    return FormOpened(form, detail)


async def add_note(db: Database, ask: CaseAsk,
                   text: str) -> NotPrivate | NotYours | NoteMissing | CaseShown | CaseGone:
    if not ask.privately:
        return NOT_HERE
    if await _detail(db, ask) is None:
        return NotYours()
    if not text.strip():
        return NoteMissing()
    await lifecycle.add_note(db, case_id=ask.case_id, author_user_id=ask.actor,
                             text=text.strip()[:MAX_TEXT_LENGTH], now=ask.now)
    return await _shown(db, ask)


@dataclass(frozen=True)
class Closing:
    outcome: str  # as picked, raw: anything but an outcome's value is no outcome
    mood: str = ""  # "1".."5", or anything else for not said


async def close_case(db: Database, ask: CaseAsk, closing: Closing) -> (
        NotPrivate | NotManager | AlreadyClosed | OutcomeMissing | CaseShown | CaseGone):
    if not ask.privately:
        return NOT_HERE
    detail = await _detail(db, ask)
    if detail is None or not detail.can_manage:
        return NotManager()
    if closing.outcome not in set(CaseOutcome):
        return OutcomeMissing()
    mood_after = int(closing.mood) if closing.mood in MOODS else None
    if not await lifecycle.close_case(db, case_id=ask.case_id, actor_user_id=ask.actor,
                                      outcome=closing.outcome, mood_after=mood_after,
                                      now=ask.now):
        return AlreadyClosed()
    return await _shown(db, ask)


@dataclass(frozen=True)
class Edit:
    draft: CaseDraft  # the case's own fields as typed; its promises change by their own buttons
    # What only the platform can refuse (a time without its day), by field: shown beside the
    # form's own rules.
    platform_errors: Mapping[str, str] = field(default_factory=dict)


async def save_edit(db: Database, ask: CaseAsk,
                    edit: Edit) -> NotPrivate | NotManager | FormErrors | CaseShown | CaseGone:
    if not ask.privately:
        return NOT_HERE
    detail = await _detail(db, ask)
    if detail is None or not detail.can_manage:
        return NotManager()
    # An edit that leaves "when" empty keeps the stored instant.
    edited = replace(edit.draft, commitments=(),
                     occurred_at=edit.draft.occurred_at or detail.draft.occurred_at)
    context = FormContext(reporter_user_id=ask.actor, categories=detail.categories)
    if errors := {**validate_case(edited, context=context, now=ask.now), **edit.platform_errors}:
        return FormErrors(errors, detail)
    await lifecycle.update_case(db, case_id=ask.case_id, actor_user_id=ask.actor, now=ask.now,
                                values=_stored_fields(edited))
    return await _shown(db, ask)


def _stored_fields(edited: CaseDraft) -> dict[str, object]:
    assert edited.contact_channel is not None and edited.anger_level is not None  # validated
    return {
        "customer": edited.customer.strip(), "contact_channel": edited.contact_channel.value,
        "occurred_at": edited.occurred_at, "anger_level": int(edited.anger_level),
        "what_happened": edited.what_happened, "problem": edited.problem,
        "category": edited.category, "customer_wants": edited.customer_wants,
        "agreed": edited.agreed, "lessons": edited.lessons,
        "deescalation_steps": list(edited.deescalation_steps),
        "share_consent": edited.share_consent}


async def delete_case(db: Database, ask: CaseAsk) -> NotPrivate | NotManager | CaseDeleted:
    if not ask.privately:
        return NOT_HERE
    detail = await _detail(db, ask)
    if detail is None or not detail.can_manage:
        return NotManager()
    if not await lifecycle.delete_case(db, case_id=ask.case_id, actor_user_id=ask.actor,
                                       now=ask.now):
        return NotManager()  # deleted by someone else meanwhile
    return CaseDeleted(ask.case_id, detail.people)


async def _detail(db: Database, ask: CaseAsk) -> CaseDetail | None:
    return await detail_in_workspace(db, case_id=ask.case_id, viewer=ask.actor,
                                     workspace_id=ask.workspace_id)


async def _shown(db: Database, ask: CaseAsk) -> CaseShown | CaseGone:
    detail = await _detail(db, ask)
    return CaseGone(ask.case_id) if detail is None else CaseShown(detail)
