"""`angrycall export --format csv|json --output FILE [--since DATE] [--team T] [--names]`."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.config import ConfigurationError, Settings
from bot.database import prepare_database
from commands.export import COLUMNS, export_cases
from storage.engine import Database, make_engine
from storage.workspaces import find_workspace

# =, +, - and @ start a formula in Excel, LibreOffice and Sheets; tab and CR can smuggle one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


async def export_to_file(settings: Settings, *, output: Path, file_format: str,
                         since: str | None, team: str | None, names: bool | None) -> int:
    db = Database(make_engine(settings.database_url))
    try:
        await prepare_database(db)
        workspace_id = await _workspace_id(db, team)
        rows = await export_cases(db, workspace_id=workspace_id, since=_since(since),
                                  show_names=names)
    finally:
        db.dispose()
    _write(output, file_format, rows)
    return len(rows)


async def _workspace_id(db: Database, team: str | None) -> int | None:
    if team is None:
        return None
    workspace = await find_workspace(db, platform="slack", external_id=team)
    if workspace is None:
        raise ConfigurationError(f"no workspace {team!r} in this database")
    return workspace.id


def _since(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise ConfigurationError(f"--since must be a date like 2026-01-31, not {text!r}") from error
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _write(output: Path, file_format: str, rows: list[dict[str, Any]]) -> None:
    with output.open("w", newline="", encoding="utf-8") as handle:
        if file_format == "json":
            json.dump(rows, handle, indent=2, ensure_ascii=False)
            return
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows({key: spreadsheet_safe(value) for key, value in row.items()}
                         for row in rows)


def spreadsheet_safe(value: Any) -> Any:
    """A text cell a spreadsheet would read as a formula (or a command) starts with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
