"""Each workspace's suggestion window, kept between the cases logged in it.

A new case is compared with every case of its workspace logged in the WINDOW before it. Reading
and indexing all of those again for each new case made the offer grow with the window: in a busy
workspace (a thousand cases in three weeks) it was a third of a logged case's CPU. So a process
keeps each workspace's window and, for each new case, reads only the cases with a higher id than
it has seen, less ID_MARGIN: PostgreSQL hands out ids before the insert commits, so concurrent
submissions become visible out of order (without the margin, a busy PostgreSQL workspace read
its whole window again after most cases). Before a suggestion is offered, the window is checked
against the database in one aggregate read (its cases, and which are in which theme): a case
deleted, linked to a theme, or committed later than the margin allows, here or on another
replica, makes the window be read afresh and the suggestion worked out again. The whole window
is also read afresh every REREAD, which bounds how long an edited text goes unseen; and as a
window that old is never used again, it is dropped, so a process serving many workspaces holds
only the windows of those that logged a case in the last REREAD.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from commands.suggestion_window import SuggestionWindow
from commands.theme_suggestions import WINDOW, CaseText, Suggestion, case_text
from storage import theme_facts
from storage.engine import Database
from storage.theme_facts import WindowSignature

REREAD = timedelta(minutes=5)
ID_MARGIN = 32  # more than the database threads of one process (inserts that can be in flight)


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
    def last_id(self) -> int:
        return max(self.by_id, default=0)

    def signature(self, since: datetime, up_to_id: int) -> WindowSignature:
        held = [c for c in self.by_id.values() if c.logged_at >= since and c.case_id <= up_to_id]
        themed = [c for c in held if c.theme_id is not None]
        return WindowSignature(cases=len(held), themed=len(themed),
                               links=sum(c.case_id * (c.theme_id or 0) for c in themed))


class SuggestionWindows:
    """The windows of one process (one per workspace that has logged a case lately)."""

    def __init__(self) -> None:
        self._held: dict[int, _Held] = {}  # the oldest read first

    def __len__(self) -> int:
        """How many workspaces' windows are held."""
        return len(self._held)

    async def suggest(self, db: Database, *, workspace_id: int, case_id: int,
                      logged_at: datetime) -> list[Suggestion]:
        """Suggestions for a case just stored, from the cases of the WINDOW before it."""
        held = await self._topped_up(db, workspace_id, logged_at)
        found = _suggestions(held, case_id)
        if case_id in held.by_id and (not found or await _unchanged(db, workspace_id, held,
                                                                   logged_at)):
            return found
        held = await self._read_afresh(db, workspace_id, logged_at)
        return _suggestions(held, case_id)

    async def _topped_up(self, db: Database, workspace_id: int, logged_at: datetime) -> _Held:
        self._forget_read_before(logged_at - REREAD)
        held = self._held.get(workspace_id)
        since = logged_at - WINDOW
        if held is None or since < held.since or logged_at - held.read_at > REREAD:
            return await self._read_afresh(db, workspace_id, logged_at)
        held.take(await theme_facts.cases_since(db, workspace_id=workspace_id, since=since,
                                                above_id=held.last_id - ID_MARGIN))
        return held

    async def _read_afresh(self, db: Database, workspace_id: int, logged_at: datetime) -> _Held:
        held = _Held(since=logged_at - WINDOW, read_at=logged_at)
        held.take(await theme_facts.cases_since(db, workspace_id=workspace_id,
                                                since=held.since))
        self._held.pop(workspace_id, None)  # to the end: the dict stays in order of reading
        self._held[workspace_id] = held
        return held

    def _forget_read_before(self, instant: datetime) -> None:
        """Drop the windows read before `instant`: each would be read afresh if used again."""
        while self._held:
            oldest = next(iter(self._held))
            if self._held[oldest].read_at >= instant:
                return
            del self._held[oldest]


def _suggestions(held: _Held, case_id: int) -> list[Suggestion]:
    new = held.by_id.get(case_id)
    return [] if new is None else held.window.suggest(new)


async def _unchanged(db: Database, workspace_id: int, held: _Held, logged_at: datetime) -> bool:
    """Whether the database still holds the window as kept (no case gone, none arrived late,
    none moved between themes)."""
    since, up_to = logged_at - WINDOW, held.last_id
    stored = await theme_facts.window_signature(db, workspace_id=workspace_id, since=since,
                                                up_to_id=up_to)
    return stored == held.signature(since, up_to)
