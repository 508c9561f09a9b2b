"""Claiming theme notices, and reading one back with its theme as it is now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from storage.engine import reading, transactional
from storage.models import Workspace
from storage.outbox import Claim, claim_due_rows
from storage.theme_models import Theme, ThemeNotice
from storage.themes import ThemeRecord, theme_record


@dataclass(frozen=True)
class NoticeRecord:
    row: ThemeNotice
    theme: ThemeRecord
    workspace: Workspace


@transactional
def claim_due_theme_notices(session: Session, *, now: datetime, owner: str, lease: timedelta,
                            batch: int) -> list[Claim]:
    return claim_due_rows(session, ThemeNotice, now=now, owner=owner, lease=lease, batch=batch)


@reading
def load_notice(session: Session, *, row_id: int) -> NoticeRecord:
    row = session.get_one(ThemeNotice, row_id)
    theme = session.get_one(Theme, row.theme_id)
    return NoticeRecord(row=row, theme=theme_record(session, theme),
                        workspace=session.get_one(Workspace, theme.workspace_id))
