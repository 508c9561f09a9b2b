"""Looking at a case: who may, and what they see."""

from __future__ import annotations

from commands.cases import CaseSummary
from commands.log_case import summarize
from storage import cases
from storage.engine import Database
from storage.workspaces import get_workspace


async def case_for_viewer(db: Database, *, case_id: int, viewer: str) -> CaseSummary | None:
    """The case if `viewer` is its reporter, one of its owners or a lead; otherwise None."""
    stored = await cases.get_case(db, case_id=case_id)
    if stored is None:
        return None
    workspace = await get_workspace(db, workspace_id=stored.case.workspace_id)
    allowed = {*stored.user_ids.values(), *workspace.lead_user_ids}
    return summarize(stored) if viewer in allowed else None
