"""Cases and their commitments: storing a logged case exactly once, reading it back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.engine import reading, transactional
from storage.models import AuditEvent, Case, Commitment, Person, Workspace
from storage.workspaces import ensure_person_in


@dataclass(frozen=True)
class StoredCase:
    """A case with its commitments, and the platform user id of everyone it mentions."""

    case: Case
    commitments: list[Commitment]
    user_ids: dict[int, str]
    created: bool
    furious_line: bool = True  # the workspace's setting: a line of care after a furious call

    def user_id(self, person_id: int) -> str:
        return self.user_ids[person_id]


@dataclass(frozen=True)
class OwnedCommitment:
    """A commitment not yet stored, with the platform user id of its owner."""

    owner_user_id: str
    commitment: Commitment


@transactional
def add_case(
    session: Session,
    *,
    case: Case,
    reporter_user_id: str,
    commitments: Sequence[OwnedCommitment],
    now: datetime,
) -> StoredCase:
    """Store a case once per submission key; a repeated submission returns the first one."""
    case.reporter_id = _person_id(session, case.workspace_id, reporter_user_id)
    existing = _find_by_submission(session, case)
    if existing is not None:
        return _load(session, existing, created=False)
    try:
        with session.begin_nested():
            session.add(case)
            session.flush()
    except IntegrityError:
        # A concurrent delivery of the same submission won the race: answer with its case.
        # (A key stored by someone else is no repeat of theirs: it fails, and shows nothing.)
        winner = _find_by_submission(session, case)
        if winner is None:
            raise
        return _load(session, winner, created=False)
    _audit(session, case, "case_logged", now)
    if case.status == "closed":  # settled on the call
        _audit(session, case, "case_closed", now)
    _add_commitments(session, case, commitments, now)
    return _load(session, case, created=True)


def _add_commitments(
    session: Session, case: Case, commitments: Sequence[OwnedCommitment], now: datetime
) -> None:
    for position, owned in enumerate(commitments):
        commitment = owned.commitment
        commitment.case_id = _id(case.id)
        commitment.workspace_id = case.workspace_id
        commitment.position = position
        commitment.owner_id = _person_id(session, case.workspace_id, owned.owner_user_id)
        session.add(commitment)
        session.flush()
        _audit(session, case, "commitment_made", now, commitment_id=commitment.id)


def _audit(
    session: Session, case: Case, kind: str, now: datetime, commitment_id: int | None = None
) -> None:
    session.add(
        AuditEvent(
            workspace_id=case.workspace_id,
            case_id=case.id,
            commitment_id=commitment_id,
            actor_id=case.reporter_id,
            kind=kind,
            at=now,
        )
    )


@reading
def get_case(session: Session, *, case_id: int) -> StoredCase | None:
    case = session.get(Case, case_id)
    return None if case is None else _load(session, case, created=False)


@reading
def audit_trail(session: Session, *, case_id: int) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(col(AuditEvent.id))
    return list(session.exec(query).all())


def _find_by_submission(session: Session, case: Case) -> Case | None:
    """The case this reporter already stored from the same form, if any."""
    return session.exec(select(Case).where(
        Case.submission_key == case.submission_key, Case.workspace_id == case.workspace_id,
        Case.reporter_id == case.reporter_id)).first()


def _person_id(session: Session, workspace_id: int, user_id: str) -> int:
    return _id(ensure_person_in(session, workspace_id=workspace_id, user_id=user_id).id)


def _load(session: Session, case: Case, *, created: bool) -> StoredCase:
    commitments = list(
        session.exec(
            select(Commitment)
            .where(Commitment.case_id == case.id)
            .order_by(col(Commitment.position))
        ).all()
    )
    person_ids = {case.reporter_id, *(c.owner_id for c in commitments)}
    people = session.exec(select(Person).where(col(Person.id).in_(person_ids))).all()
    user_ids = {_id(person.id): person.user_id for person in people}
    workspace = session.get_one(Workspace, case.workspace_id)
    return StoredCase(case=case, commitments=commitments, user_ids=user_ids, created=created,
                      furious_line=workspace.furious_line)


def _id(value: int | None) -> int:
    # Rows read from or flushed to the database always have their primary key.
    assert value is not None
    return value
