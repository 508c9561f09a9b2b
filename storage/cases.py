"""Cases and their commitments: storing a logged case exactly once, reading it back."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Insert, Select, bindparam
from sqlalchemy import insert as sa_insert
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from storage.engine import Database, reading, transactional_statements
from storage.models import AuditEvent, Case, Commitment, Person, Workspace, table_of
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


async def add_case(db: Database, *, case: Case, reporter_user_id: str,
                   commitments: Sequence[OwnedCommitment], now: datetime,
                   known_people: Mapping[str, int] | None = None) -> StoredCase:
    """Store a case once per submission key; a repeated submission returns the first one.

    A repeat is rare (a double click, a retried delivery): the insert fails on the submission
    key's unique index and a second transaction reads the first case back. (INSERT ... ON
    CONFLICT DO NOTHING would spare that transaction, but SQLAlchemy compiles the dialects' own
    inserts afresh every time, which cost a tenth of a logged case's CPU.) A key stored by
    someone else is no repeat of theirs: its IntegrityError stands, and shows nothing."""
    try:
        return await _add_new_case(db, case=case, reporter_user_id=reporter_user_id,
                                   commitments=commitments, now=now,
                                   known_people=known_people or {})
    except IntegrityError:
        repeat = await _stored_repeat(db, case=case, reporter_user_id=reporter_user_id)
        if repeat is None:
            raise
        return repeat


@transactional_statements
def _add_new_case(connection: Connection, *, case: Case, reporter_user_id: str,
                  commitments: Sequence[OwnedCommitment], now: datetime,
                  known_people: Mapping[str, int]) -> StoredCase:
    """The hot path of every submission: a handful of Core statements, each built once (people,
    the case with the workspace's setting, its commitments, the audit), and nothing read back
    that was just written."""
    people = _people_ids(connection, case.workspace_id,
                         [reporter_user_id, *(c.owner_user_id for c in commitments)],
                         known_people)
    case.reporter_id = people[reporter_user_id]
    case.id, furious_line = connection.execute(
        _case_insert(), {**_columns_of(case), "furious_of": case.workspace_id}).one()
    stored = _insert_commitments(connection, case, commitments, people)
    _insert_audit(connection, case, stored, now)
    return StoredCase(case=case, commitments=stored,
                      user_ids={person_id: user_id for user_id, person_id in people.items()},
                      created=True, furious_line=bool(furious_line))


def _people_ids(connection: Connection, workspace_id: int, user_ids: Sequence[str],
                known: Mapping[str, int]) -> dict[str, int]:
    """user id -> person id, for everyone named: those `known` (people rows are never
    deleted) as they are, the others read; a first appearance is recorded (rarely)."""
    wanted = list(dict.fromkeys(user_ids))
    ids = {user_id: known[user_id] for user_id in wanted if user_id in known}
    if unknown := [user_id for user_id in wanted if user_id not in ids]:
        found = connection.execute(_people_query(), {"workspace": workspace_id,
                                                     "users": unknown})
        ids |= {user_id: person_id for person_id, user_id in found}
    strangers = [user_id for user_id in wanted if user_id not in ids]
    if strangers:
        # The ORM's insert-or-read of a person, inside this transaction (the session joins
        # it, and leaves committing to it).
        with Session(bind=connection) as session:
            ids |= {user_id: _person_id(session, workspace_id, user_id) for user_id in strangers}
    return ids


@functools.cache
def _people_query() -> Select[Any]:
    person = table_of(Person)
    return sa_select(person.c.id, person.c.user_id).where(
        person.c.workspace_id == bindparam("workspace"),
        person.c.user_id.in_(bindparam("users", expanding=True)))


@functools.cache
def _case_insert() -> Insert:
    """Returns the new case's id and its workspace's furious-call setting (no statement of its
    own)."""
    case, workspace = table_of(Case), table_of(Workspace)
    furious_line = (sa_select(workspace.c.furious_line)
                    .where(workspace.c.id == bindparam("furious_of")).scalar_subquery())
    return sa_insert(case).returning(case.c.id, furious_line)


@reading
def _stored_repeat(session: Session, *, case: Case, reporter_user_id: str) -> StoredCase | None:
    """The case this reporter already stored from the same form, if any."""
    existing = session.exec(
        select(Case).join(Person, col(Person.id) == col(Case.reporter_id))
        .where(Case.submission_key == case.submission_key,
               Case.workspace_id == case.workspace_id, Person.user_id == reporter_user_id)
    ).first()
    return None if existing is None else _load(session, existing, created=False)


def _insert_commitments(connection: Connection, case: Case,
                        commitments: Sequence[OwnedCommitment],
                        people: Mapping[str, int]) -> list[Commitment]:
    rows = [owned.commitment for owned in commitments]
    if not rows:
        return rows
    for position, (owned, row) in enumerate(zip(commitments, rows, strict=True)):
        row.case_id = _id(case.id)
        row.workspace_id = case.workspace_id
        row.position = position
        row.owner_id = people[owned.owner_user_id]
    ids = connection.execute(_commitments_insert(),
                             [_columns_of(row) for row in rows]).scalars().all()
    for row, commitment_id in zip(rows, ids, strict=True):
        row.id = commitment_id
    return rows


def _insert_audit(connection: Connection, case: Case, commitments: Sequence[Commitment],
                  now: datetime) -> None:
    kinds: list[tuple[str, int | None]] = [("case_logged", None)]
    if case.status == "closed":  # settled on the call
        kinds.append(("case_closed", None))
    kinds += [("commitment_made", c.id) for c in commitments]
    # Every row names the same columns (commitment_id None for the case's own): one statement.
    connection.execute(_audit_insert(), [
        {"workspace_id": case.workspace_id, "case_id": case.id, "commitment_id": commitment_id,
         "actor_id": case.reporter_id, "kind": kind, "detail": {}, "at": now}
        for kind, commitment_id in kinds])


# Inserting into the table rather than the model keeps to Core: the ORM's bulk insert would
# split the rows by which values are None (one statement each) and cost more CPU.
@functools.cache
def _commitments_insert() -> Insert:
    table = table_of(Commitment)
    return sa_insert(table).returning(table.c.id, sort_by_parameter_order=True)


@functools.cache
def _audit_insert() -> Insert:
    return sa_insert(table_of(AuditEvent))


def _columns_of(row: SQLModel) -> dict[str, Any]:
    """A row's column values for a Core insert (its id left to the database)."""
    table = table_of(type(row))
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
