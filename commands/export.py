"""Exporting cases for a lead's own analysis, anonymized like the digest unless asked not to."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from commands.anonymize import Anonymizer
from commands.theme_export import NO_THEME, THEME_COLUMNS, theme_columns
from storage import digests
from storage.engine import Database
from storage.models import Case, Commitment, Workspace

FREE_TEXT = ("what_happened", "problem", "customer_wants", "agreed", "lessons")
COLUMNS = ("case_id", "team", "logged_at", "occurred_at", "customer", "contact_channel",
           "anger_level", "category", "status", "outcome", "mood_after", *FREE_TEXT,
           "deescalation_steps", "share_consent", "promises", "kept_on_time", "slips",
           *THEME_COLUMNS)


async def export_cases(db: Database, *, workspace_id: int | None, since: datetime | None,
                       show_names: bool | None) -> list[dict[str, Any]]:
    """One row a case. `show_names` None follows each workspace's digest setting."""
    rows = await digests.cases_for_export(db, workspace_id=workspace_id, since=since)
    anonymizers: dict[int, Anonymizer] = {}
    customers = [case.customer for case, _, _ in rows]
    themed = await theme_columns(db, case_ids=[case.id or 0 for case, _, _ in rows])
    return [
        case_row(case, workspace, promises, anonymizers.setdefault(
            workspace.id or 0, Anonymizer(show_names=workspace.digest_show_names
                                          if show_names is None else show_names)), customers)
        | themed.get(case.id or 0, NO_THEME)
        for case, workspace, promises in rows
    ]


def case_row(case: Case, workspace: Workspace, promises: Sequence[Commitment],
             anonymizer: Anonymizer, customers: list[str]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "case_id": case.id, "team": workspace.external_id,
        "logged_at": case.created_at.isoformat(), "occurred_at": case.occurred_at.isoformat(),
        "customer": anonymizer.label(case.customer), "contact_channel": case.contact_channel,
        "anger_level": case.anger_level, "category": case.category or "",
        "status": case.status, "outcome": case.outcome or "", "mood_after": case.mood_after,
        "deescalation_steps": " ".join(case.deescalation_steps),
        "share_consent": case.share_consent, "promises": len(promises),
        "kept_on_time": sum(1 for p in promises if p.done_at and p.done_at <= p.due_at),
        "slips": sum(p.slips for p in promises),
    }
    for name in FREE_TEXT:
        row[name] = anonymizer.scrub(getattr(case, name), customers)
    return {column: row[column] for column in COLUMNS if column in row}
