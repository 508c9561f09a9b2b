"""Cases and their commitments: storing a logged case exactly once, reading it back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table
from sqlalchemy import insert as sa_insert
from sqlalchemy import select as sa_select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

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
    """Store a case once per submission key; a repeated submission returns the first one.

    The hot path of every submission: a handful of Core statements (people, the case with the
    workspace's setting, its commitments, the audit), and nothing read back that we just wrote."""
    people = _people_ids(session, case.workspace_id,
                         [reporter_user_id, *(c.owner_user_id for c in commitments)])
    case.reporter_id = people[reporter_user_id]
    inserted = _insert_case(session, case)
    if inserted is None:
        return _repeat(session, case)
    case.id, furious_line = inserted
    stored = _insert_commitments(session, case, commitments, people)
    _insert_audit(session, case, stored, now)
    return StoredCase(case=case, commitments=stored,
                      user_ids={person_id: user_id for user_id, person_id in people.items()},
                      created=True, furious_line=furious_line)


def _people_ids(session: Session, workspace_id: int, user_ids: Sequence[str]) -> dict[str, int]:
    """user id -> person id, for everyone named; a first appearance is recorded (rarely)."""
    wanted = list(dict.fromkeys(user_ids))
    found = session.execute(
        sa_select(Person.id, Person.user_id)  # type: ignore[call-overload]
        .where(Person.workspace_id == workspace_id, col(Person.user_id).in_(wanted))
    ).all()
    ids: dict[str, int] = {user_id: person_id for person_id, user_id in found}
    for user_id in wanted:
        if user_id not in ids:
            ids[user_id] = _person_id(session, workspace_id, user_id)
    return ids


def _insert_case(session: Session, case: Case) -> tuple[int, bool] | None:
    """The new case's id and its workspace's furious-call setting (returned by the insert: no
    statement of its own); None when its submission key is already stored."""
    furious_line = (sa_select(Workspace.furious_line)  # type: ignore[call-overload]
                    .where(Workspace.id == case.workspace_id).scalar_subquery())
    statement = _insert_ignoring_duplicates(session).returning(col(Case.id), furious_line)
    row = session.execute(statement, _columns_of(case)).one_or_none()
    return None if row is None else (row[0], bool(row[1]))


def _insert_ignoring_duplicates(session: Session) -> Any:
    # Both dialects spell it the same way; a concurrent insert of the same key waits for the
    # other transaction, then does nothing (PostgreSQL), or never overlaps (SQLite's one writer).
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert
    return insert(_table(Case)).on_conflict_do_nothing(index_elements=["submission_key"])


def _repeat(session: Session, case: Case) -> StoredCase:
    # A repeated delivery of the same submission answers with its case. A key stored by
    # someone else is no repeat of theirs: it fails, and shows nothing.
    existing = _find_by_submission(session, case)
    if existing is None:
        raise IntegrityError("INSERT INTO cases", None,
                             ValueError("submission key used by another reporter"))
    return _load(session, existing, created=False)


def _insert_commitments(session: Session, case: Case, commitments: Sequence[OwnedCommitment],
                        people: Mapping[str, int]) -> list[Commitment]:
    rows = [owned.commitment for owned in commitments]
    if not rows:
        return rows
    for position, (owned, row) in enumerate(zip(commitments, rows, strict=True)):
        row.case_id = _id(case.id)
        row.workspace_id = case.workspace_id
        row.position = position
        row.owner_id = people[owned.owner_user_id]
    statement = sa_insert(_table(Commitment)).returning(col(Commitment.id),
                                                        sort_by_parameter_order=True)
    ids = session.execute(statement, [_columns_of(row) for row in rows]).scalars().all()
    for row, commitment_id in zip(rows, ids, strict=True):
        row.id = commitment_id
    return rows


def _insert_audit(session: Session, case: Case, commitments: Sequence[Commitment],
                  now: datetime) -> None:
    kinds: list[tuple[str, int | None]] = [("case_logged", None)]
    if case.status == "closed":  # settled on the call
        kinds.append(("case_closed", None))
    kinds += [("commitment_made", c.id) for c in commitments]
    # Every row names the same columns (commitment_id None for the case's own): one statement.
    session.execute(sa_insert(_table(AuditEvent)), [
        {"workspace_id": case.workspace_id, "case_id": case.id, "commitment_id": commitment_id,
         "actor_id": case.reporter_id, "kind": kind, "detail": {}, "at": now}
        for kind, commitment_id in kinds])


def _table(model: type[SQLModel]) -> Table:
    # Inserting into the table rather than the model keeps to Core: the ORM's bulk insert would
    # split the rows by which values are None (one statement each) and cost more CPU.
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


def _columns_of(row: SQLModel) -> dict[str, Any]:
    """A row's column values for a Core insert (its id left to the database)."""
    table = _table(type(row))
    return {column.key: getattr(row, column.key) for column in table.columns
            if column.key != "id"}


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
