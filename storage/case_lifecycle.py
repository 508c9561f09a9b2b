"""A case after it was logged: notes, its timeline, closing it, deleting it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from storage.engine import reading, transactional
from storage.models import AuditEvent, Case, CaseNote, Commitment, Nudge, Person, Workspace
from storage.outbox import SENT
from storage.workspaces import ensure_person_in


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    actor_user_id: str | None


@dataclass(frozen=True)
class NoteLine:
    at: datetime
    author_user_id: str
    text: str


@reading
def timeline(session: Session, *, case_id: int) -> list[TimelineEntry]:
    """What happened to a case: the audit, and every nudge that went out about it."""
    people = {p.id: p.user_id for p in session.exec(select(Person).join(
        Case, col(Case.workspace_id) == col(Person.workspace_id)).where(Case.id == case_id))}
    audited = [TimelineEntry(e.at, e.kind, people.get(e.actor_id))
               for e in session.exec(select(AuditEvent).where(AuditEvent.case_id == case_id))]
    nudged = [TimelineEntry(n.sent_at or n.fire_at, f"nudge_{n.kind}", people.get(n.recipient_id))
              for n in session.exec(select(Nudge).join(
                  Commitment, col(Commitment.id) == col(Nudge.commitment_id)).where(
                  Commitment.case_id == case_id, Nudge.status == SENT))]
    return sorted([*audited, *nudged], key=lambda entry: entry.at)


@reading
def notes_of(session: Session, *, case_id: int) -> list[NoteLine]:
    rows = session.exec(select(CaseNote, Person.user_id)
                        .join(Person, col(Person.id) == col(CaseNote.author_id))
                        .where(CaseNote.case_id == case_id).order_by(col(CaseNote.id))).all()
    return [NoteLine(note.at, author, note.text) for note, author in rows]


@transactional
def add_note(session: Session, *, case_id: int, author_user_id: str, text: str,
             now: datetime) -> None:
    case = session.get_one(Case, case_id)
    author = ensure_person_in(session, workspace_id=case.workspace_id, user_id=author_user_id)
    assert author.id is not None
    session.add(CaseNote(case_id=case_id, author_id=author.id, text=text, at=now))
    _audit(session, case, author.id, "note_added", now)


@transactional
def update_case(session: Session, *, case_id: int, actor_user_id: str,
                values: dict[str, object], now: datetime) -> None:
    """Change a case's own fields; the audit records that it was edited, not what it said."""
    case = session.get_one(Case, case_id)
    for name, value in values.items():
        setattr(case, name, value)
    session.add(case)
    actor = ensure_person_in(session, workspace_id=case.workspace_id, user_id=actor_user_id)
    _audit(session, case, actor.id, "case_edited", now)


@transactional
def close_case(session: Session, *, case_id: int, actor_user_id: str, outcome: str,
               mood_after: int | None, now: datetime) -> bool:
    """Close an open case with its outcome; False if it was closed already."""
    case = session.get_one(Case, case_id)
    if case.status != "open":
        return False
    case.status, case.closed_at, case.outcome, case.mood_after = "closed", now, outcome, mood_after
    session.add(case)
    actor = ensure_person_in(session, workspace_id=case.workspace_id, user_id=actor_user_id)
    _audit(session, case, actor.id, "case_closed", now)
    return True


@transactional
def delete_case(session: Session, *, case_id: int, actor_user_id: str, now: datetime) -> bool:
    """Erase a case and everything about it; the audit keeps only who deleted it, and when."""
    case = session.get(Case, case_id)
    if case is None:
        return False
    actor = ensure_person_in(session, workspace_id=case.workspace_id, user_id=actor_user_id)
    session.execute(delete(AuditEvent).where(col(AuditEvent.case_id) == case_id))
    session.execute(delete(Case).where(col(Case.id) == case_id))  # cascades to its rows
    _audit(session, case, actor.id, "case_deleted", now)
    return True


def _audit(session: Session, case: Case, actor_id: int | None, kind: str,
           now: datetime) -> None:
    session.add(AuditEvent(workspace_id=case.workspace_id, case_id=case.id, actor_id=actor_id,
                           kind=kind, at=now))


ERASED = "(erased)"


@transactional
def erase_expired_text(session: Session, *, now: datetime) -> int:
    """Data retention: the free text of cases closed longer ago than their workspace keeps it."""
    erased = 0
    for workspace in session.exec(select(Workspace).where(Workspace.retention_days > 0)).all():
        cutoff = now - timedelta(days=workspace.retention_days)
        expired = list(session.exec(select(Case.id).where(
            Case.workspace_id == workspace.id, Case.status == "closed",
            col(Case.closed_at) < cutoff, col(Case.text_erased_at).is_(None))).all())
        if expired:
            _erase(session, expired, now)
            erased += len(expired)
    return erased


def _erase(session: Session, case_ids: list[int | None], now: datetime) -> None:
    session.execute(update(Case).where(col(Case.id).in_(case_ids)).values(
        customer=ERASED, what_happened="", problem="", customer_wants="", agreed="",
        lessons="", source_permalink=None, text_erased_at=now))
    session.execute(update(Commitment).where(col(Commitment.case_id).in_(case_ids)).values(
        promise=ERASED, outcome_note=""))
    session.execute(delete(CaseNote).where(col(CaseNote.case_id).in_(case_ids)))
