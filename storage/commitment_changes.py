"""Changing a commitment: done, snoozed, re-dated, handed over. Each change is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from storage.engine import reading, transactional
from storage.models import AuditEvent, Case, Commitment, Nudge, Person, Workspace
from storage.nudges import dedupe_key
from storage.outbox import PENDING
from storage.theme_customers import keeps_case_open
from storage.workspaces import ensure_person_in


@dataclass(frozen=True)
class CommitmentView:
    """A commitment with its case and the people around it, for permission checks and views."""

    commitment: Commitment
    case: Case
    owner: Person
    reporter: Person
    workspace: Workspace


@reading
def view_commitment(session: Session, *, commitment_id: int) -> CommitmentView | None:
    commitment = session.get(Commitment, commitment_id)
    return None if commitment is None else _view(session, commitment)


def _view(session: Session, commitment: Commitment) -> CommitmentView:
    case = session.get_one(Case, commitment.case_id)
    return CommitmentView(
        commitment=commitment,
        case=case,
        owner=session.get_one(Person, commitment.owner_id),
        reporter=session.get_one(Person, case.reporter_id),
        workspace=session.get_one(Workspace, case.workspace_id),
    )


@dataclass(frozen=True)
class Completion:
    view: CommitmentView
    changed: bool  # False: it was already done (a repeated click)
    case_closed: bool


@transactional
def complete_commitment(
    session: Session,
    *,
    commitment_id: int,
    actor_user_id: str,
    note: str,
    reaction: str | None,
    now: datetime,
) -> Completion:
    """Mark done once; close the case when it was the last open promise."""
    changed = _transition(session, commitment_id, status="done", done_at=now,
                          outcome_note=note, customer_reaction=reaction)
    commitment = session.get_one(Commitment, commitment_id)
    view = _view(session, commitment)
    case_closed = False
    if changed:
        _cancel_pending(session, commitment_id)
        _audit(session, view, actor_user_id, "commitment_done", now,
               on_time=now <= commitment.due_at, reaction=reaction)
        case_closed = _close_case_if_all_done(session, view, actor_user_id, now)
    return Completion(view=view, changed=changed, case_closed=case_closed)


def _transition(session: Session, commitment_id: int, **values: Any) -> bool:
    result = session.execute(
        update(Commitment)
        .where(col(Commitment.id) == commitment_id, col(Commitment.status) == "open")
        .values(**values)
        .execution_options(synchronize_session="fetch")
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _close_case_if_all_done(
    session: Session, view: CommitmentView, actor_user_id: str, now: datetime
) -> bool:
    still_open = session.exec(
        select(Commitment.id).where(
            Commitment.case_id == view.case.id, Commitment.status == "open"
        )
    ).first()
    if still_open is not None or view.case.status != "open":
        return False
    if keeps_case_open(session, view.case.id or 0):  # its theme's customer is still to be told
        return False
    view.case.status = "closed"
    view.case.closed_at = now
    session.add(view.case)
    _audit(session, view, actor_user_id, "case_closed", now)
    return True


@transactional
def snooze_commitment(
    session: Session, *, commitment_id: int, actor_user_id: str, until: datetime, now: datetime
) -> CommitmentView | None:
    """One nudge to the owner at `until` and none of the schedule's before it (the owner's
    pending ones are void); None if the commitment is no longer open."""
    commitment = session.get_one(Commitment, commitment_id)
    if commitment.status != "open":
        return None
    view = _view(session, commitment)
    assert commitment.id is not None and view.owner.id is not None
    commitment.snoozed_until = until
    session.add(commitment)
    _cancel_pending(session, commitment.id, recipient_id=view.owner.id)
    key = dedupe_key(commitment.id, "snoozed", until, commitment.due_version, view.owner.id)
    _revive_or_add(session, key, Nudge(
        workspace_id=view.workspace.id or 0,
        commitment_id=commitment.id,
        recipient_id=view.owner.id,
        kind="snoozed",
        fire_at=until,
        due_version=commitment.due_version,
        dedupe_key=key,
        next_attempt_at=until,
        created_at=now,
    ))
    _audit(session, view, actor_user_id, "commitment_snoozed", now, until=until.isoformat())
    return view


@transactional
def redate_commitment(
    session: Session,
    *,
    commitment_id: int,
    actor_user_id: str,
    due_date: date,
    due_time: time | None,
    due_at: datetime,
    due_zone: str,
    customer_informed: bool,
    now: datetime,
    acceptance: str | None = None,
) -> CommitmentView | None:
    """Renegotiate: the new date replaces the old, the slip is counted, old nudges are void."""
    commitment = session.get_one(Commitment, commitment_id)
    if commitment.status != "open":
        return None
    if acceptance is not None:
        commitment.acceptance, commitment.decline_reason = acceptance, ""
    before = f"{commitment.due_date.isoformat()} {commitment.due_time or ''}".strip()
    commitment.due_date, commitment.due_time, commitment.due_at = due_date, due_time, due_at
    commitment.due_zone = due_zone
    commitment.slips += 1
    _replan(session, commitment, now)
    view = _view(session, commitment)
    _audit(session, view, actor_user_id, "commitment_renegotiated", now, before=before,
           after=f"{due_date.isoformat()} {due_time or ''}".strip(),
           customer_informed=customer_informed)
    return view


@transactional
def reassign_commitment(
    session: Session, *, commitment_id: int, actor_user_id: str, new_owner_user_id: str,
    now: datetime, acceptance: str = "accepted",
) -> CommitmentView | None:
    """Hand the promise to someone else; the old owner's pending nudges are void."""
    commitment = session.get_one(Commitment, commitment_id)
    if commitment.status != "open":
        return None
    commitment.acceptance, commitment.decline_reason = acceptance, ""
    case = session.get_one(Case, commitment.case_id)
    new_owner = ensure_person_in(session, workspace_id=case.workspace_id,
                                 user_id=new_owner_user_id)
    previous = session.get_one(Person, commitment.owner_id).user_id
    assert new_owner.id is not None
    commitment.owner_id = new_owner.id
    _replan(session, commitment, now)
    view = _view(session, commitment)
    _audit(session, view, actor_user_id, "commitment_reassigned", now, previous=previous,
           new=new_owner_user_id)
    return view


def _replan(session: Session, commitment: Commitment, now: datetime) -> None:
    commitment.due_version += 1
    commitment.snoozed_until = None  # a new date or owner: a new plan, no old snooze
    commitment.planned_until = now
    commitment.next_nudge_at = now
    session.add(commitment)
    session.flush()
    assert commitment.id is not None
    _cancel_pending(session, commitment.id)


def _cancel_pending(session: Session, commitment_id: int, recipient_id: int | None = None) -> None:
    query = update(Nudge).where(col(Nudge.commitment_id) == commitment_id,
                                col(Nudge.status) == PENDING)
    if recipient_id is not None:
        query = query.where(col(Nudge.recipient_id) == recipient_id)
    session.execute(query.values(status="cancelled", last_error="superseded"))


def _revive_or_add(session: Session, key: str, nudge: Nudge) -> None:
    """The same snooze asked again (same instant) brings back its row, keeping keys unique."""
    session.flush()
    found = session.exec(select(Nudge).where(Nudge.dedupe_key == key)).first()
    if found is None:
        session.add(nudge)
    elif found.status == "cancelled":
        found.status, found.last_error = PENDING, None
        session.add(found)


def _audit(
    session: Session, view: CommitmentView, actor_user_id: str, kind: str, now: datetime,
    **detail: Any,
) -> None:
    actor = ensure_person_in(session, workspace_id=view.case.workspace_id, user_id=actor_user_id)
    session.add(AuditEvent(
        workspace_id=view.case.workspace_id,
        case_id=view.case.id,
        commitment_id=view.commitment.id,
        actor_id=actor.id,
        kind=kind,
        detail=detail,
        at=now,
    ))
