"""The theme columns of `angrycall export`: each case's theme and whether its customer was told."""

from __future__ import annotations

from typing import Any

from storage import theme_facts
from storage.engine import Database

THEME_COLUMNS = ("theme_id", "theme", "theme_state", "customer_told")
NO_THEME: dict[str, Any] = {"theme_id": None, "theme": "", "theme_state": "",
                            "customer_told": ""}


async def theme_columns(db: Database, *, case_ids: list[int]) -> dict[int, dict[str, Any]]:
    """case id -> its theme columns (cases in no theme are absent: use NO_THEME)."""
    links = await theme_facts.links_of_cases(db, case_ids=case_ids)
    return {link.case_id: {"theme_id": theme.id, "theme": theme.title,
                           "theme_state": theme.state,
                           "customer_told": link.customer_told or ""}
            for link, theme in links}
