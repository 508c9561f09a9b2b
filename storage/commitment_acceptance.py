"""An owner's answer to a promise made for them (accept, decline), and dropping a promise."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from storage.commitment_changes import (
    CommitmentView,
    _audit,
    _cancel_pending,
    _close_case_if_all_done,
    _view,
)
from storage.engine import transactional
from storage.models import Commitment


@transactional
def answer_commitment(
    session: Session, *, commitment_id: int, actor_user_id: str, accepted: bool, reason: str,
    now: datetime,
) -> CommitmentView | None:
    """The owner's yes or no; a no stops their nudges. None if the promise is not open."""
    commitment = session.get_one(Commitment, commitment_id)
    if commitment.status != "open":
        return None
    commitment.acceptance = "accepted" if accepted else "declined"
    commitment.decline_reason = "" if accepted else reason
    session.add(commitment)
    session.flush()
    view = _view(session, commitment)
    if not accepted:
        assert commitment.id is not None
        _cancel_pending(session, commitment.id, recipient_id=view.owner.id)
    _audit(session, view, actor_user_id,
           "commitment_accepted" if accepted else "commitment_declined", now)
    return view


@transactional
def drop_commitment(
    session: Session, *, commitment_id: int, actor_user_id: str, note: str, now: datetime,
) -> tuple[CommitmentView, bool] | None:
    """No longer owed (the customer was told): its nudges stop; the case closes if nothing else
    is open. The view and whether the case closed; None if the promise is not open."""
    commitment = session.get_one(Commitment, commitment_id)
    if commitment.status != "open":
        return None
    commitment.status, commitment.outcome_note, commitment.done_at = "dropped", note, now
    session.add(commitment)
    session.flush()
    view = _view(session, commitment)
    assert commitment.id is not None
    _cancel_pending(session, commitment.id)
    _audit(session, view, actor_user_id, "commitment_dropped", now)
    return view, _close_case_if_all_done(session, view, actor_user_id, now)
