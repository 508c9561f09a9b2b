"""A workspace's settings about promises and care: its dates off, the line after a furious call."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col

from storage.engine import transactional
from storage.models import Commitment, Workspace


@transactional
def update_promise_settings(session: Session, *, workspace_id: int, holidays: list[str],
                            furious_line: bool, now: datetime) -> None:
    workspace = session.get_one(Workspace, workspace_id)
    replan = sorted(workspace.holidays) != sorted(holidays)
    workspace.holidays, workspace.furious_line = holidays, furious_line
    session.add(workspace)
    if replan:
        # Nudges land on working days: new dates off mean new instants, planned at the next tick.
        session.execute(
            update(Commitment)
            .where(col(Commitment.workspace_id) == workspace_id, col(Commitment.status) == "open")
            .values(next_nudge_at=now))
