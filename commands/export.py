"""Exporting cases for a lead's own analysis, anonymized like the digest unless asked not to.

One row a case: who reported it and who owes its promises, each promise (text, due date, how it
ended, the done note and the customer's reaction), the steps used by name, and the outcome,
also of cases closed because their last promise was done.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from commands.anonymize import Anonymizer
from commands.cases import MAX_COMMITMENTS
from commands.playbook import playbook_of
from commands.theme_export import NO_THEME, THEME_COLUMNS, theme_columns
from storage import exports
from storage.engine import Database
from storage.exports import ExportRow
from storage.models import Commitment

FREE_TEXT = ("what_happened", "problem", "customer_wants", "agreed", "lessons")
PROMISE_PARTS = ("text", "owner", "due", "status", "done_note", "customer_reaction")
PROMISE_COLUMNS = tuple(f"promise_{n}_{part}" for n in range(1, MAX_COMMITMENTS + 1)
                        for part in PROMISE_PARTS)
COLUMNS = ("case_id", "team", "logged_at", "occurred_at", "reporter", "owners", "customer",
           "contact_channel", "anger_level", "category", "status", "outcome", "mood_after",
           *FREE_TEXT, "deescalation_steps", "share_consent", "promises", "kept_on_time",
           "slips", *PROMISE_COLUMNS, *THEME_COLUMNS)
CLOSED_THROUGH_DONE = "promises kept"
NOT_RECORDED = "not recorded"  # no step ticked: unknown, never "all missed"


async def export_cases(db: Database, *, workspace_id: int | None, since: datetime | None,
                       show_names: bool | None) -> list[dict[str, Any]]:
    """One row a case. `show_names` None follows each workspace's digest setting."""
    rows = await exports.cases_for_export(db, workspace_id=workspace_id, since=since)
    anonymizers: dict[int, Anonymizer] = {}
    customers = [row.case.customer for row in rows]
    themed = await theme_columns(db, case_ids=[row.case.id or 0 for row in rows])
    return [
        case_row(row, anonymizers.setdefault(row.workspace.id or 0, Anonymizer(
            show_names=row.workspace.digest_show_names if show_names is None else show_names)),
            customers) | themed.get(row.case.id or 0, NO_THEME)
        for row in rows
    ]


def case_row(export: ExportRow, anonymizer: Anonymizer, customers: list[str]) -> dict[str, Any]:
    case, promises = export.case, export.promises
    playbook = playbook_of(export.workspace.custom_steps, export.workspace.retired_steps)
    row: dict[str, Any] = {
        "case_id": case.id, "team": export.workspace.external_id,
        "logged_at": case.created_at.isoformat(), "occurred_at": case.occurred_at.isoformat(),
        "reporter": export.names.get(case.reporter_id, ""),
        "owners": "; ".join(dict.fromkeys(export.names.get(p.owner_id, "") for p in promises)),
        "customer": anonymizer.label(case.customer), "contact_channel": case.contact_channel,
        "anger_level": case.anger_level, "category": case.category or "",
        "status": case.status, "outcome": _outcome(export), "mood_after": case.mood_after,
        "deescalation_steps": "; ".join(playbook.labels(case.deescalation_steps))
        or NOT_RECORDED,
        "share_consent": case.share_consent, "promises": len(promises),
        "kept_on_time": sum(1 for p in promises if _ended(p) == "kept on time"),
        "slips": sum(p.slips for p in promises),
    }
    for name in FREE_TEXT:
        row[name] = anonymizer.scrub(getattr(case, name), customers)
    for number, promise in enumerate(promises[:MAX_COMMITMENTS], start=1):
        row.update(_promise(number, promise, export, anonymizer, customers))
    return {column: row.get(column, "") for column in COLUMNS}


def _promise(number: int, promise: Commitment, export: ExportRow, anonymizer: Anonymizer,
             customers: list[str]) -> dict[str, Any]:
    values = {
        "text": anonymizer.scrub(promise.promise, customers),
        "owner": export.names.get(promise.owner_id, ""), "due": promise.due_at.isoformat(),
        "status": _ended(promise), "done_note": anonymizer.scrub(promise.outcome_note, customers),
        "customer_reaction": promise.customer_reaction or "",
    }
    return {f"promise_{number}_{part}": value for part, value in values.items()}


def _ended(promise: Commitment) -> str:
    if promise.done_at is None:
        return promise.status
    if promise.done_at > promise.due_at:
        return "kept late"
    return "kept after a new date" if promise.slips else "kept on time"


def _outcome(export: ExportRow) -> str:
    """The outcome chosen when closing; a case closed by its last Done reads "promises kept"."""
    case = export.case
    if case.outcome:
        return case.outcome
    done = export.promises and all(p.done_at is not None for p in export.promises)
    return CLOSED_THROUGH_DONE if case.status == "closed" and done else ""
