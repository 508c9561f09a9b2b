"""Writing a theme's notices into the outbox, inside the transaction that moves the theme."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from storage.theme_models import Theme, ThemeNotice


def enqueue_notice(session: Session, *, theme: Theme, kind: str, recipient: str,
                   now: datetime, case_id: int | None = None) -> None:
    """Once per (theme, kind, case): a repeated move enqueues nothing new."""
    key = f"theme:{theme.id}:{kind}:{case_id or ''}"
    try:
        with session.begin_nested():
            session.add(ThemeNotice(theme_id=theme.id or 0, kind=kind, case_id=case_id,
                                    recipient=recipient, dedupe_key=key, next_attempt_at=now,
                                    created_at=now))
    except IntegrityError:
        return
