"""The outbox rows of theme fix dates: planned once per (theme, kind, date, recipient), claimed
with a lease like every outbox row, and read back with what a reminder needs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from storage.engine import reading, transactional
from storage.models import Person, Workspace
from storage.outbox import Claim, claim_due_rows
from storage.theme_models import Theme, ThemeNudge
from storage.themes import ThemeRecord, theme_record
from storage.workspaces import ensure_person_in


@dataclass(frozen=True)
class PlannedReminder:
    kind: str
    fire_at: datetime
    recipient_user_id: str


@dataclass(frozen=True)
class ReminderRecord:
    row: ThemeNudge
    theme: ThemeRecord
    workspace: Workspace
    recipient_user_id: str


@transactional
def plan_theme_reminders(session: Session, *, theme_id: int, fix_date: date,
                         reminders: Sequence[PlannedReminder], now: datetime) -> int:
    """Insert the reminders not planned yet; returns how many were new."""
    theme = session.get_one(Theme, theme_id)
    added = 0
    for reminder in reminders:
        person = ensure_person_in(session, workspace_id=theme.workspace_id,
                                  user_id=reminder.recipient_user_id)
        key = f"theme:{theme_id}:{reminder.kind}:{fix_date}:{person.id}"
        try:
            with session.begin_nested():
                session.add(ThemeNudge(
                    theme_id=theme_id, recipient_id=person.id or 0, kind=reminder.kind,
                    fix_date=fix_date, fire_at=reminder.fire_at, dedupe_key=key,
                    next_attempt_at=reminder.fire_at, created_at=now))
            added += 1
        except IntegrityError:  # planned before: nothing new
            continue
    return added


@transactional
def claim_due_theme_reminders(session: Session, *, now: datetime, owner: str,
                              lease: timedelta, batch: int) -> list[Claim]:
    return claim_due_rows(session, ThemeNudge, now=now, owner=owner, lease=lease, batch=batch)


@reading
def load_reminder(session: Session, *, row_id: int) -> ReminderRecord:
    row = session.get_one(ThemeNudge, row_id)
    theme = session.get_one(Theme, row.theme_id)
    recipient = session.get_one(Person, row.recipient_id)
    return ReminderRecord(row=row, theme=theme_record(session, theme),
                          workspace=session.get_one(Workspace, theme.workspace_id),
                          recipient_user_id=recipient.user_id)


@reading
def load_theme(session: Session, *, theme_id: int) -> ThemeRecord:
    return theme_record(session, session.get_one(Theme, theme_id))


@reading
def zone_of(session: Session, *, workspace_id: int, user_id: str) -> str | None:
    person = session.exec(select(Person).where(Person.workspace_id == workspace_id,
                                               Person.user_id == user_id)).first()
    return None if person is None else person.tz
