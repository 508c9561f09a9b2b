"""Reading commitments for the people who owe them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case
from sqlalchemy.orm import aliased
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


def open_commitments(
    session: Session, *, workspace_id: int, owner_user_id: str | None, limit: int, offset: int
) -> tuple[list[OpenCommitment], int]:
    """A page of open promises (one person's, or the whole team's), soonest first; and the total."""
    filters = [Person.workspace_id == workspace_id, Commitment.status == "open"]
    if owner_user_id is not None:
        filters.append(Person.user_id == owner_user_id)
    base = (select(Commitment, Case.customer, Person.user_id)
            .join(Case, col(Case.id) == col(Commitment.case_id))
            .join(Person, col(Person.id) == col(Commitment.owner_id))
            .where(*filters))
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    page = session.exec(base.order_by(col(Commitment.due_at), col(Commitment.id))
                        .offset(offset).limit(limit)).all()
    return [OpenCommitment(commitment=c, customer=customer, case_id=c.case_id,
                           owner_user_id=owner) for c, customer, owner in page], total


def unaccepted_logged_by(session: Session, *, workspace_id: int, user_id: str,
                         limit: int) -> list[OpenCommitment]:
    """Open promises someone logged for others that their owners have not accepted."""
    owner, reporter = aliased(Person), aliased(Person)
    query = (select(Commitment, Case.customer, owner.user_id)
             .join(Case, col(Case.id) == col(Commitment.case_id))
             .join(owner, col(owner.id) == col(Commitment.owner_id))
             .join(reporter, col(reporter.id) == col(Case.reporter_id))
             .where(Case.workspace_id == workspace_id, reporter.user_id == user_id,
                    Commitment.status == "open", Commitment.acceptance != "accepted")
             .order_by(col(Commitment.due_at), col(Commitment.id)).limit(limit))
    return [OpenCommitment(commitment=c, customer=customer, case_id=c.case_id,
                           owner_user_id=owner_id) for c, customer, owner_id in
            session.exec(query).all()]


def promise_record(session: Session, *, workspace_id: int, user_id: str,
                   now: datetime) -> tuple[int, int]:
    """(promises that have fallen due, kept on time) for one person."""
    kept = case((and_(col(Commitment.done_at).is_not(None),
                      col(Commitment.done_at) <= col(Commitment.due_at)), 1), else_=0)
    due, kept_count = session.exec(
        select(func.count(), func.coalesce(func.sum(kept), 0))
        .select_from(Commitment)
        .join(Person, col(Person.id) == col(Commitment.owner_id))
        .where(Person.workspace_id == workspace_id, Person.user_id == user_id,
               col(Commitment.due_at) <= now)).one()
    return int(due), int(kept_count)


@dataclass(frozen=True)
class ReportedCase:
    case_id: int
    customer: str
    status: str
    logged_at: datetime


def cases_reported_by(session: Session, *, workspace_id: int, user_id: str,
                      limit: int) -> list[ReportedCase]:
    """A person's latest cases, newest first (only what a list shows, not the texts)."""
    query = (select(Case.id, Case.customer, Case.status, Case.created_at)
             .join(Person, col(Person.id) == col(Case.reporter_id))
             .where(Case.workspace_id == workspace_id, Person.user_id == user_id)
             .order_by(col(Case.created_at).desc()).limit(limit))
    return [ReportedCase(case_id or 0, customer, status, logged_at)
            for case_id, customer, status, logged_at in session.exec(query).all()]


def cases_logged_since(session: Session, *, workspace_id: int, since: datetime) -> int:
    return session.exec(select(func.count()).select_from(Case).where(
        Case.workspace_id == workspace_id, col(Case.created_at) >= since)).one()
