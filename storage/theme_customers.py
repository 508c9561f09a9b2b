"""Telling every customer once a theme is fixed: each linked case gets its answer (told, or
can't be reached); the theme is "told" when every case has one. Until then the case stays open,
even when its own promises are kept."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from storage.engine import transactional
from storage.models import AuditEvent, Case, Commitment
from storage.theme_models import Theme, ThemeCase
from storage.themes import UNFINISHED, ThemeRecord, theme_record


@transactional
def answer_for_customer(session: Session, *, case_id: int, told: str, reaction: str | None,
                        now: datetime) -> ThemeRecord | None:
    """Record that a case's customer was told (or can't be reached) about the fix, once; the
    theme becomes "told" when every case has its answer. None if nothing was waiting."""
    link = session.exec(select(ThemeCase).where(ThemeCase.case_id == case_id)).first()
    if link is None or link.customer_told is not None:
        return None
    theme = session.get_one(Theme, link.theme_id)
    if theme.state != "fixed":
        return None
    link.customer_told, link.customer_reaction, link.told_at = told, reaction, now
    session.add(link)
    session.flush()
    _close_if_promises_kept(session, session.get_one(Case, case_id), now)
    record = theme_record(session, theme)
    if all(c.link.customer_told is not None for c in record.cases):
        theme.state, theme.told_at = "told", now
        session.add(theme)
    return record


def _close_if_promises_kept(session: Session, case: Case, now: datetime) -> None:
    """The case stayed open only for this last step (see `keeps_case_open`)."""
    open_promise = session.exec(select(Commitment.id).where(
        Commitment.case_id == case.id, Commitment.status == "open")).first()
    if case.status != "open" or open_promise is not None:
        return
    case.status, case.closed_at = "closed", now
    session.add(case)
    session.add(AuditEvent(workspace_id=case.workspace_id, case_id=case.id, kind="case_closed",
                           detail={"after": "theme_fixed"}, at=now))


@transactional
def release_cases(session: Session, *, theme_id: int, now: datetime) -> None:
    """A declined theme holds its cases no longer: those whose promises are kept close."""
    links = session.exec(select(ThemeCase).where(ThemeCase.theme_id == theme_id)).all()
    for link in links:
        _close_if_promises_kept(session, session.get_one(Case, link.case_id), now)


def keeps_case_open(session: Session, case_id: int) -> bool:
    """A case waits for its theme's fix, and for its customer to hear about it."""
    query = (select(ThemeCase.id).join(Theme, col(Theme.id) == col(ThemeCase.theme_id))
             .where(ThemeCase.case_id == case_id, col(ThemeCase.customer_told).is_(None),
                    col(Theme.state).in_(UNFINISHED)))
    return session.exec(query).first() is not None
