"""Each workspace's suggestion window, kept between the cases logged in it.

A new case is compared with every case of its workspace logged in the WINDOW before it. Reading
and indexing all of those again for each new case made the offer grow with the window: in a busy
workspace (a thousand cases in three weeks) it was a third of a logged case's CPU. So a process
keeps each workspace's window and, for each new case, reads only the cases with a higher id than
it has seen, less ID_MARGIN: PostgreSQL hands out ids before the insert commits, so concurrent
submissions become visible out of order (without the margin, a busy PostgreSQL workspace read
its whole window again after most cases). The same statement reads the window's signature (how
many cases, which are in which theme), and the topped-up window must match it: a case deleted,
linked to a theme, or committed later than the margin allows, here or on another replica, makes
the window be read afresh before anything is suggested from it (cases added by reads made a
moment later, with higher ids, are left out of the comparison). The whole window
is also read afresh every REREAD, which bounds how long an edited text goes unseen; and as a
window that old is never used again, it is dropped, so a process serving many workspaces holds
only the windows of those that logged a case in the last REREAD.
"""

from __future__ import annotations

import asyncio
import bisect
import heapq
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
    """One workspace's window, and a running signature of it (a case's signature is worked out
    once, not once per case logged after it)."""

    since: datetime  # the start of the window as read
    read_at: datetime  # the instant of the case that made the full read
    window: SuggestionWindow = field(default_factory=SuggestionWindow)
    by_id: dict[int, CaseText] = field(default_factory=dict)
    last_id: int = 0  # the highest case id taken
    _ids: list[int] = field(default_factory=list)  # of the signature's cases, ascending
    _oldest_first: list[tuple[datetime, int]] = field(default_factory=list)  # a heap
    _totals: tuple[int, int, int] = (0, 0, 0)  # the signature of the cases in _ids

    def ids_above(self, case_id: int) -> list[int]:
        return self._ids[bisect.bisect_right(self._ids, case_id):]

    def take(self, rows: list[theme_facts.WindowCase]) -> None:
        for row in rows:
            if row.case_id not in self.by_id:
                text = case_text(case_id=row.case_id, customer=row.customer,
                                 category=row.category, problem=row.problem,
                                 what_happened=row.what_happened, logged_at=row.logged_at,
                                 theme_id=row.theme_id)
                self.by_id[row.case_id] = text
                self.window.add(text)
                bisect.insort(self._ids, row.case_id)
                heapq.heappush(self._oldest_first, (text.logged_at, text.case_id))
                self._totals = _plus(self._totals, _share(text))
                self.last_id = max(self.last_id, row.case_id)

    def signature(self, since: datetime, up_to_id: int) -> WindowSignature:
        """The signature of the cases held logged from `since` with ids up to `up_to_id`."""
        self._forget_before(since)
        totals = self._totals
        for case_id in self.ids_above(up_to_id):
            totals = _plus(totals, _share(self.by_id[case_id]), sign=-1)
        return WindowSignature(*totals)

    def _forget_before(self, since: datetime) -> None:
        """Leave the cases logged before `since` out of the signature: the window has moved
        past them. (They stay in `by_id`, so a read that meets one again does not add it twice.)"""
        while self._oldest_first and self._oldest_first[0][0] < since:
            _, case_id = heapq.heappop(self._oldest_first)
            self._totals = _plus(self._totals, _share(self.by_id[case_id]), sign=-1)
            del self._ids[bisect.bisect_left(self._ids, case_id)]


def _share(case: CaseText) -> tuple[int, int, int]:
    """What one case adds to a window's signature (see `storage.theme_facts.WindowSignature`)."""
    return (1, 0, 0) if case.theme_id is None else (1, 1, case.case_id * case.theme_id)


def _plus(totals: tuple[int, int, int], share: tuple[int, int, int],
          sign: int = 1) -> tuple[int, int, int]:
    return (totals[0] + sign * share[0], totals[1] + sign * share[1],
            totals[2] + sign * share[2])


@dataclass
class _Reads:
    """One workspace's window reads, one at a time. A case stored while a read is under way
    waits for the next read, and every case that waited for it shares it: under a burst of
    submissions a read serves several cases, not one each."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    begun: int = 0  # how many reads have begun
    done: int = 0  # the number of the last one to finish
    # What it left, or how it failed: the cases that waited for a read that failed (the
    # database went away) fail with it, rather than each trying again after the other.
    outcome: _Held | Exception | None = None


class SuggestionWindows:
    """The windows of one process (one per workspace that has logged a case lately)."""

    def __init__(self) -> None:
        self._held: dict[int, _Held] = {}  # the oldest read first
        self._reads: dict[int, _Reads] = {}

    def __len__(self) -> int:
        """How many workspaces' windows are held."""
        return len(self._held)

    async def suggest(self, db: Database, *, workspace_id: int, case_id: int,
                      logged_at: datetime) -> list[Suggestion]:
        """Suggestions for a case just stored, from the cases of the WINDOW before it."""
        held = await self._read_since_stored(db, workspace_id, logged_at)
        if case_id not in held.by_id or logged_at - WINDOW < held.since:
            # Another case's read: it began before this one was stored (a clock that went
            # back), or its window does not reach as far back as this case's.
            held = await self._read_afresh(db, workspace_id, logged_at)
        new = held.by_id.get(case_id)
        return [] if new is None else held.window.suggest(new)

    async def _read_since_stored(self, db: Database, workspace_id: int,
                                 logged_at: datetime) -> _Held:
        """The workspace's window as a read begun after the caller's case was stored left it."""
        reads = self._reads.setdefault(workspace_id, _Reads())
        wanted = reads.begun + 1  # the next read to begin sees the case just stored
        async with reads.lock:
            if reads.done < wanted:
                reads.begun += 1
                number = reads.begun
                try:
                    reads.outcome = (await self._topped_up(db, workspace_id, logged_at)
                                     or await self._read_afresh(db, workspace_id, logged_at))
                except Exception as error:
                    reads.outcome = error
                reads.done = number
            if not isinstance(reads.outcome, _Held):
                raise reads.outcome or RuntimeError("no window read")
            return reads.outcome

    async def _topped_up(self, db: Database, workspace_id: int,
                         logged_at: datetime) -> _Held | None:
        """The kept window with the cases new since, if the database still holds it as kept
        (no case gone, none arrived late, none moved between themes); one read."""
        self._forget_read_before(logged_at - REREAD)
        held = self._held.get(workspace_id)
        since = logged_at - WINDOW
        if held is None or since < held.since or logged_at - held.read_at > REREAD:
            return None
        above = held.last_id - ID_MARGIN
        update = await theme_facts.window_update(
            db, workspace_id=workspace_id, since=since, above_id=above,
            held_ids=held.ids_above(above))
        held.take(update.cases)
        # Reads made a moment later for other cases may have added cases above this one's.
        return held if update.signature == held.signature(since, update.up_to_id) else None

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
            reads = self._reads.get(oldest)
            if reads is not None and not reads.lock.locked():
                del self._reads[oldest]
