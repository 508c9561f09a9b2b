"""Workspaces and the people in them."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any, TypeVar

from sqlalchemy import Connection, Select, bindparam, update
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.engine import reading, reading_statements, transactional
from storage.models import (
    AuditEvent,
    Commitment,
    Person,
    ProcessedEvent,
    Workspace,
    table_of,
)

Row = TypeVar("Row", Workspace, Person)


@transactional
def ensure_workspace(
    session: Session,
    *,
    platform: str,
    external_id: str,
    default_categories: Sequence[str],
    now: datetime,
) -> Workspace:
    """The workspace row for a team, created on first contact with the default categories."""
    found = _find_workspace(session, platform=platform, external_id=external_id)
    if found is not None:
        return found
    workspace = Workspace(
        platform=platform,
        external_id=external_id,
        categories=list(default_categories),
        created_at=now,
    )
    return _insert_or_get(session, workspace, lambda: _find_workspace(
        session, platform=platform, external_id=external_id
    ))


@reading
def find_workspace(session: Session, *, platform: str, external_id: str) -> Workspace | None:
    return _find_workspace(session, platform=platform, external_id=external_id)


def _find_workspace(session: Session, *, platform: str, external_id: str) -> Workspace | None:
    query = select(Workspace).where(
        Workspace.platform == platform, Workspace.external_id == external_id
    )
    return session.exec(query).first()


@reading
def find_person(session: Session, *, workspace_id: int, user_id: str) -> Person | None:
    return _find_person(session, workspace_id=workspace_id, user_id=user_id)


def _find_person(session: Session, *, workspace_id: int, user_id: str) -> Person | None:
    query = select(Person).where(Person.workspace_id == workspace_id, Person.user_id == user_id)
    return session.exec(query).first()


@dataclass(frozen=True)
class PersonZone:
    """What the log form needs to know of a person: their zone, when it was last read, and
    their row's id (a case names its people by it)."""

    user_id: str
    tz: str | None
    refreshed_at: datetime | None
    person_id: int | None = None


@reading_statements
def people_zones(connection: Connection, *, workspace_id: int,
                 user_ids: Sequence[str]) -> list[PersonZone]:
    """The zones on record for these people: read before every case is stored, so a prebuilt
    Core statement rather than whole ORM rows."""
    rows = connection.execute(_people_zones_query(),
                           {"workspace": workspace_id, "users": list(user_ids)})
    return [PersonZone(*row) for row in rows]


@functools.cache
def _people_zones_query() -> Select[Any]:
    person = table_of(Person)
    return sa_select(person.c.user_id, person.c.tz, person.c.refreshed_at, person.c.id).where(
        person.c.workspace_id == bindparam("workspace"),
        person.c.user_id.in_(bindparam("users", expanding=True)))


@reading
def find_people(session: Session, *, workspace_id: int, user_ids: Sequence[str]) -> list[Person]:
    query = select(Person).where(
        Person.workspace_id == workspace_id, col(Person.user_id).in_(list(user_ids))
    )
    return list(session.exec(query).all())


@transactional
def save_person_profile(
    session: Session,
    *,
    workspace_id: int,
    user_id: str,
    tz: str | None,
    display_name: str,
    now: datetime,
) -> Person:
    """Record what the platform says about a person (timezone, name), creating them if new."""
    person = ensure_person_in(session, workspace_id=workspace_id, user_id=user_id)
    moved = bool(tz) and person.tz is not None and tz != person.tz
    person.tz = tz or person.tz
    person.display_name = display_name or person.display_name
    person.refreshed_at = now
    session.add(person)
    session.flush()
    if moved:
        _replan_owned_commitments(session, person, now)
    return person


def _replan_owned_commitments(session: Session, person: Person, now: datetime) -> None:
    # Nudges land at local times: a new timezone means new instants, planned at the next tick.
    session.execute(
        update(Commitment)
        .where(col(Commitment.owner_id) == person.id, col(Commitment.status) == "open")
        .values(next_nudge_at=now)
    )


def ensure_person_in(session: Session, *, workspace_id: int, user_id: str) -> Person:
    """The person row inside an open transaction, inserted if this is their first appearance."""
    found = _find_person(session, workspace_id=workspace_id, user_id=user_id)
    if found is not None:
        return found
    return _insert_or_get(
        session,
        Person(workspace_id=workspace_id, user_id=user_id),
        lambda: _find_person(session, workspace_id=workspace_id, user_id=user_id),
    )


def _insert_or_get(session: Session, row: Row, find: Callable[[], Row | None]) -> Row:
    # Two requests may create the same row at once: the loser re-reads the winner's row.
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
        return row
    except IntegrityError:
        found: Row | None = find()
        if found is None:
            raise
        return found


@transactional
def mark_event_processed(session: Session, *, event_id: str, now: datetime) -> bool:
    """Record an Events API delivery; False when it had been recorded before (a retry)."""
    if session.get(ProcessedEvent, event_id) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(ProcessedEvent(event_id=event_id, received_at=now))
            session.flush()
    except IntegrityError:
        return False
    return True


@reading
def get_workspace(session: Session, *, workspace_id: int) -> Workspace:
    return session.get_one(Workspace, workspace_id)


@transactional
def update_team_settings(
    session: Session,
    *,
    workspace_id: int,
    lead_user_ids: list[str],
    work_days: list[int],
    work_start: time,
    work_end: time,
    escalate_after_days: int,
    digest_show_names: bool,
    categories: list[str],
    retention_days: int,
    pre_due_days: int,
    due_lead_hours: int,
    actor_user_id: str,
    now: datetime,
) -> None:
    workspace = session.get_one(Workspace, workspace_id)
    workspace.lead_user_ids = lead_user_ids
    workspace.work_days = work_days
    workspace.work_start, workspace.work_end = work_start, work_end
    workspace.escalate_after_days = escalate_after_days
    workspace.digest_show_names = digest_show_names
    workspace.categories, workspace.retention_days = categories, retention_days
    workspace.pre_due_days, workspace.due_lead_hours = pre_due_days, due_lead_hours
    session.add(workspace)
    actor = ensure_person_in(session, workspace_id=workspace_id, user_id=actor_user_id)
    session.add(AuditEvent(workspace_id=workspace_id, actor_id=actor.id, kind="settings_changed",
                           detail={"leads": lead_user_ids, "work_days": work_days,
                                   "digest_show_names": digest_show_names}, at=now))
