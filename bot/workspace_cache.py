"""Each workspace's id and problem categories, remembered for a few seconds per process.

Opening the log form needs them on every `/angrycall`, and a database round trip (a worker
thread, a session) costs that path a third of its CPU. They change only when a lead saves the
settings: this process forgets at once; other replicas show the old list for at most TTL. A
submission is validated against the remembered list too (one transaction less per case); the
case itself is written with the workspace's id, which never changes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime

from commands.people import Team, WorkspaceInfo, workspace_for
from storage.engine import Database

TTL_SECONDS = 30.0


class WorkspaceCache:
    def __init__(self, db: Database, default_categories: Sequence[str],
                 clock: Callable[[], datetime]) -> None:
        self._db = db
        self._default_categories = default_categories
        self._clock = clock
        self._known: dict[Team, tuple[float, WorkspaceInfo]] = {}

    async def get(self, team: Team) -> WorkspaceInfo:
        remembered = self._known.get(team)
        # Monotonic time: the app's clock may stand still (tests) or jump (NTP).
        if remembered is not None and time.monotonic() - remembered[0] < TTL_SECONDS:
            return remembered[1]
        info = await workspace_for(self._db, team=team,
                                   default_categories=self._default_categories, now=self._clock())
        self._known[team] = (time.monotonic(), info)
        return info

    def forget(self, team: Team) -> None:
        self._known.pop(team, None)
