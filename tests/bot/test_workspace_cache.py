"""The form's workspace lookups are remembered briefly, and forgotten when settings change."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, select

from bot.workspace_cache import WorkspaceCache
from commands.people import Team
from storage.engine import Database
from storage.models import Workspace

TEAM = Team("slack", "T0001")


def set_categories(db: Database, categories: list[str]) -> None:
    def update(session: Session) -> None:
        workspace = session.exec(select(Workspace)).one()
        workspace.categories = categories
        session.add(workspace)

    db.run_sync(update)


async def test_remembered_until_forgotten(db: Database) -> None:
    cache = WorkspaceCache(db, ["Billing"], lambda: datetime(2026, 11, 24, tzinfo=UTC))
    first = await cache.get(TEAM)
    assert first.categories == ["Billing"]
    set_categories(db, ["Billing", "Refunds"])
    assert (await cache.get(TEAM)).categories == ["Billing"]  # no query: remembered
    cache.forget(TEAM)
    again = await cache.get(TEAM)
    assert again.categories == ["Billing", "Refunds"]
    assert again.workspace_id == first.workspace_id
