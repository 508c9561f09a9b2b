"""A case's life after logging: who may see and change it, notes, closing, deleting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from commands.cases import MAX_TEXT_LENGTH, CaseSummary
from commands.log_case import summarize
from storage import case_lifecycle as lifecycle
from storage import cases
from storage.case_lifecycle import NoteLine, TimelineEntry
from storage.engine import Database
from storage.workspaces import get_workspace


class CaseOutcome(StrEnum):
    RESOLVED = "resolved"
    RETAINED = "retained"
    ESCALATED = "escalated"
    LOST = "lost"

    @property
    def label(self) -> str:
        return {"resolved": "Resolved", "retained": "Customer retained",
                "escalated": "Escalated", "lost": "Customer lost"}[self.value]


@dataclass(frozen=True)
class CaseDetail:
    summary: CaseSummary
    status: str
    outcome: CaseOutcome | None
    mood_after: int | None
    notes: tuple[NoteLine, ...]
    timeline: tuple[TimelineEntry, ...]
    can_manage: bool  # close and delete: the reporter and the leads


async def case_detail(db: Database, *, case_id: int, viewer: str) -> CaseDetail | None:
    """Everything about a case, for its reporter, its owners and the leads; None for others."""
    stored = await cases.get_case(db, case_id=case_id)
    if stored is None:
        return None
    leads = set((await get_workspace(db, workspace_id=stored.case.workspace_id)).lead_user_ids)
    if viewer not in {*stored.user_ids.values(), *leads}:
        return None
    case = stored.case
    return CaseDetail(
        summary=summarize(stored), status=case.status,
        outcome=CaseOutcome(case.outcome) if case.outcome in set(CaseOutcome) else None,
        mood_after=case.mood_after,
        notes=tuple(await lifecycle.notes_of(db, case_id=case_id)),
        timeline=tuple(await lifecycle.timeline(db, case_id=case_id)),
        can_manage=viewer == stored.user_id(case.reporter_id) or viewer in leads,
    )


async def add_note(db: Database, *, case_id: int, author: str, text: str,
                   now: datetime) -> bool:
    detail = await case_detail(db, case_id=case_id, viewer=author)
    if detail is None or not text.strip():
        return False
    await lifecycle.add_note(db, case_id=case_id, author_user_id=author,
                             text=text.strip()[:MAX_TEXT_LENGTH], now=now)
    return True


async def close_case(db: Database, *, case_id: int, actor: str, outcome: CaseOutcome,
                     mood_after: int | None, now: datetime) -> bool:
    detail = await case_detail(db, case_id=case_id, viewer=actor)
    if detail is None or not detail.can_manage:
        return False
    return await lifecycle.close_case(db, case_id=case_id, actor_user_id=actor,
                                      outcome=outcome.value, mood_after=mood_after, now=now)


async def delete_case(db: Database, *, case_id: int, actor: str, now: datetime) -> bool:
    detail = await case_detail(db, case_id=case_id, viewer=actor)
    if detail is None or not detail.can_manage:
        return False
    return await lifecycle.delete_case(db, case_id=case_id, actor_user_id=actor, now=now)


async def apply_retention(db: Database, *, now: datetime) -> int:
    """Erase what the workspaces' retention settings say must go; returns how many cases."""
    return await lifecycle.erase_expired_text(db, now=now)
