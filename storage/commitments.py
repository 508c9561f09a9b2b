"""Reading commitments for the people who owe them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from storage.engine import reading
from storage.models import Case, Commitment, Person


@dataclass(frozen=True)
class OpenCommitment:
    commitment: Commitment
    customer: str
    case_id: int
    owner_user_id: str = ""


@reading
def open_commitments_of(
    session: Session, *, workspace_id: int, user_id: str, limit: int
) -> list[OpenCommitment]:
    """A person's open promises, soonest due first."""
    query = (
        select(Commitment, Case.customer)
        .join(Case, col(Case.id) == col(Commitment.case_id))
        .join(Person, col(Person.id) == col(Commitment.owner_id))
        .where(
            Person.workspace_id == workspace_id,
            Person.user_id == user_id,
            Commitment.status == "open",
        )
        .order_by(col(Commitment.due_at), col(Commitment.id))
        .limit(limit)
    )
    return [
        OpenCommitment(commitment=commitment, customer=customer, case_id=commitment.case_id)
        for commitment, customer in session.exec(query).all()
    ]


@reading
def count_open_commitments_of(session: Session, *, workspace_id: int, user_id: str) -> int:
    """How many open promises a person has in all."""
    query = (select(func.count()).select_from(Commitment)
             .join(Person, col(Person.id) == col(Commitment.owner_id))
             .where(Person.workspace_id == workspace_id, Person.user_id == user_id,
                    Commitment.status == "open"))
    return int(session.exec(query).one())


@dataclass(frozen=True)
class ReportedCase:
    case_id: int
    customer: str
    status: str
    logged_at: datetime
