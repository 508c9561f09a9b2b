"""Private weekly notes: who asked for one, the outbox row of each person's week, and the facts
a note is written from (their cases and promises; a lead's team's, per person)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.engine import reading, transactional
from storage.models import Case, Commitment, Person, Workspace
from storage.outbox import Claim, claim_due_rows
from storage.theme_models import WeeklyNote, WeeklyNoteOptIn
from storage.workspaces import ensure_person_in


@dataclass(frozen=True)
class PersonWeek:
    user_id: str
    cases_steps: tuple[tuple[str, ...], ...]  # the playbook steps ticked, one tuple a case
    promises_due: int
    kept_on_time: int


@dataclass(frozen=True)
class NoteContext:
    row: WeeklyNote
    user_id: str
    workspace: Workspace


@transactional
def set_weekly_note(session: Session, *, workspace_id: int, user_id: str, wanted: bool,
                    now: datetime) -> None:
    person = ensure_person_in(session, workspace_id=workspace_id, user_id=user_id)
    row = session.get(WeeklyNoteOptIn, person.id)
    if wanted and row is None:
        session.add(WeeklyNoteOptIn(person_id=person.id or 0, workspace_id=workspace_id,
                                    since=now))
    elif not wanted and row is not None:
        session.delete(row)


@transactional
def plan_weekly_notes(session: Session, *, iso_week: str, fire_at: datetime,
                      now: datetime) -> int:
    """One row per opted-in person for the week, once."""
    added = 0
    for optin in session.exec(select(WeeklyNoteOptIn)).all():
        try:
            with session.begin_nested():
                session.add(WeeklyNote(person_id=optin.person_id, iso_week=iso_week,
                                       fire_at=fire_at, next_attempt_at=fire_at,
                                       created_at=now))
            added += 1
        except IntegrityError:  # planned by an earlier tick
            continue
    return added


@transactional
def claim_due_weekly_notes(session: Session, *, now: datetime, owner: str, lease: timedelta,
                           batch: int) -> list[Claim]:
    return claim_due_rows(session, WeeklyNote, now=now, owner=owner, lease=lease, batch=batch)


@reading
def note_context(session: Session, *, row_id: int) -> NoteContext | None:
    """None when the person stopped asking for the note since it was planned."""
    row = session.get_one(WeeklyNote, row_id)
    optin = session.get(WeeklyNoteOptIn, row.person_id)
    if optin is None:
        return None
    person = session.get_one(Person, row.person_id)
    return NoteContext(row=row, user_id=person.user_id,
                       workspace=session.get_one(Workspace, optin.workspace_id))


@reading
def person_weeks(session: Session, *, workspace_id: int, user_ids: Collection[str] | None,
                 start: datetime, end: datetime) -> list[PersonWeek]:
    """Per person (these, or everyone active): cases logged and promises due in [start, end)."""
    people = {p.id: p.user_id for p in session.exec(
        select(Person).where(Person.workspace_id == workspace_id)).all()}
    cases = session.exec(select(Case).where(
        Case.workspace_id == workspace_id, col(Case.created_at) >= start,
        col(Case.created_at) < end)).all()
    promises = session.exec(select(Commitment).where(
        Commitment.workspace_id == workspace_id, col(Commitment.due_at) >= start,
        col(Commitment.due_at) < end)).all()
    active = {people[c.reporter_id] for c in cases} | {people[p.owner_id] for p in promises}
    wanted = sorted(active if user_ids is None else set(user_ids))
    return [PersonWeek(
        user_id=user,
        cases_steps=tuple(tuple(c.deescalation_steps) for c in cases
                          if people[c.reporter_id] == user),
        promises_due=sum(people[p.owner_id] == user for p in promises),
        kept_on_time=sum(people[p.owner_id] == user and p.done_at is not None
                         and p.done_at <= p.due_at for p in promises))
        for user in wanted]
