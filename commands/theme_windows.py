"""Each workspace's suggestion window, kept between the cases logged in it.

A new case is compared with every case of its workspace logged in the WINDOW before it. Reading
and indexing all of those again for each new case made the offer grow with the window: in a busy
workspace (a thousand cases in three weeks) it was a third of a logged case's CPU. So a process
keeps each workspace's window and, for each new case, reads only the cases with a higher id than
it has seen, less ID_MARGIN (PostgreSQL hands out ids before the insert commits, so a case can
become visible after a higher one). What a kept window can get wrong is bounded:
- the earlier cases a suggestion names are read back (do they still exist, which theme are they
  in) before it is offered; if any changed, the window is read afresh and the suggestion worked
  out again;
- the whole window is read afresh every REREAD (a text edited on another replica, a case that
  committed later than ID_MARGIN allows, cases that have left the window).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from commands.suggestion_window import SuggestionWindow
from commands.theme_suggestions import WINDOW, CaseText, Suggestion, case_text
from storage import theme_facts
from storage.engine import Database

REREAD = timedelta(minutes=5)
ID_MARGIN = 64


@dataclass
class _Held:
    since: datetime  # the start of the window as read
    read_at: datetime  # the instant of the case that made the full read
    window: SuggestionWindow = field(default_factory=SuggestionWindow)
    by_id: dict[int, CaseText] = field(default_factory=dict)

    def take(self, rows: list[theme_facts.WindowCase]) -> None:
        for row in rows:
            if row.case_id not in self.by_id:
                text = case_text(case_id=row.case_id, customer=row.customer,
                                 category=row.category, problem=row.problem,
                                 what_happened=row.what_happened, logged_at=row.logged_at,
                                 theme_id=row.theme_id)
                self.by_id[row.case_id] = text
                self.window.add(text)

    @property
    def read_above(self) -> int:
        return max(self.by_id, default=0) - ID_MARGIN


class SuggestionWindows:
    """The windows of one process (one per workspace that has logged a case lately)."""

    def __init__(self) -> None:
        self._held: dict[int, _Held] = {}

    async def suggest(self, db: Database, *, workspace_id: int, case_id: int,
                      logged_at: datetime) -> list[Suggestion]:
        """Suggestions for a case just stored, from the cases of the WINDOW before it."""
        held = await self._topped_up(db, workspace_id, logged_at)
        if case_id not in held.by_id:  # it committed long after its id was handed out
            held = await self._read_afresh(db, workspace_id, logged_at)
        found = _suggestions(held, case_id)
        if await _still_so(db, held, found):
            return found
        held = await self._read_afresh(db, workspace_id, logged_at)
        return _suggestions(held, case_id)

    async def _topped_up(self, db: Database, workspace_id: int, logged_at: datetime) -> _Held:
        held = self._held.get(workspace_id)
        since = logged_at - WINDOW
        if held is None or since < held.since or logged_at - held.read_at > REREAD:
            return await self._read_afresh(db, workspace_id, logged_at)
        held.take(await theme_facts.cases_since(db, workspace_id=workspace_id, since=since,
                                                above_id=held.read_above))
        return held

    async def _read_afresh(self, db: Database, workspace_id: int, logged_at: datetime) -> _Held:
        held = _Held(since=logged_at - WINDOW, read_at=logged_at)
        held.take(await theme_facts.cases_since(db, workspace_id=workspace_id,
                                                since=held.since))
        self._held[workspace_id] = held
        return held


def _suggestions(held: _Held, case_id: int) -> list[Suggestion]:
    new = held.by_id.get(case_id)
    return [] if new is None else held.window.suggest(new)


async def _still_so(db: Database, held: _Held, found: list[Suggestion]) -> bool:
    """Whether the earlier cases `found` names all still exist, in the themes the window says."""
    named = sorted({case_id for s in found for case_id in s.case_ids[:-1]})
    if not named:
        return True
    now_in = await theme_facts.themes_of_cases(db, case_ids=named)
    return all(case_id in now_in and now_in[case_id] == held.by_id[case_id].theme_id
               for case_id in named)
