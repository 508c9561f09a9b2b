"""The digest shows promises still waiting for their owner's yes, and those declined (issue 11)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.digest_plain_text import digest_as_text
from commands.acceptance import decline
from commands.digest_delivery import build_digest
from commands.digest_week import counted_days
from commands.people import workspace_for
from storage.digests import Scope
from storage.engine import Database
from storage.workspaces import get_workspace
from tests.commands.test_nudges import LOGGED_AT, OWNER, TEAM, berlin, commitment_id, logged

MONDAY = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


async def _digest_text(db: Database) -> str:
    workspace = await workspace_for(db, team=TEAM, default_categories=[], now=LOGGED_AT)
    week = counted_days(MONDAY, ZoneInfo("Europe/Berlin"), datetime(2026, 11, 1, tzinfo=UTC))
    row = await get_workspace(db, workspace_id=workspace.workspace_id)
    digest = await build_digest(db, scope=Scope(workspace_id=workspace.workspace_id),
                                workspace=row, week=week, now=MONDAY)
    return digest_as_text(digest)


async def test_unanswered_and_declined_promises_are_shown(db: Database) -> None:
    case = await logged(db)  # a promise Olga owes, logged by Steve: it waits for her yes
    assert "Waiting for their owner's yes: 1." in await _digest_text(db)
    await decline(db, commitment_id=commitment_id(case), actor=OWNER, team=TEAM,
                  reason="Off on Friday", now=berlin(25, 10))
    text = await _digest_text(db)
    assert "Waiting for their owner's yes" not in text
    assert "Declined by their owner, back with whoever logged them: 1." in text
