"""People's zones on record, remembered for a few seconds per process.

Every logged case reads its reporter's and its owners' zones before it is validated (a due time
is read in the owner's zone): that read was one of the case's two transactions before the
answer, for records that change only when a profile does. This process forgets a person at once
when it records their profile (users.info, Slack's `user_change`, a Teams message's zone) and
remembers what it recorded; another replica goes on using the zone it read for at most TTL.
Whether a zone is due to be read again from the platform is still worked out from the record's
own time, at each use.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from commands.people import KnownZones, people_on_record, remember_profiles, zones_known_from
from storage.engine import Database
from storage.workspaces import PersonZone

TTL_SECONDS = 30.0

Key = tuple[int, str]  # (workspace id, user id)


class ZoneCache:
    def __init__(self, db: Database) -> None:
        self._db = db
        # In the order read, so the expired ones are at the front.
        self._known: dict[Key, tuple[float, PersonZone]] = {}

    async def known(self, *, workspace_id: int, user_ids: Sequence[str],
                    now: datetime) -> KnownZones:
        """`commands.people.known_zones`, reading only the people not remembered."""
        # Monotonic time: the app's clock may stand still (tests) or jump (NTP).
        read_at = time.monotonic()
        self._forget_read_before(read_at - TTL_SECONDS)
        remembered = [entry[1] for user_id in user_ids
                      if (entry := self._known.get((workspace_id, user_id))) is not None]
        missing = list(dict.fromkeys(user_ids).keys() - {p.user_id for p in remembered})
        if missing:
            read = await people_on_record(self._db, workspace_id=workspace_id,
                                          user_ids=missing)
            self._remember(workspace_id, read, read_at)
            remembered += read
        return zones_known_from(remembered, user_ids=user_ids, now=now)

    async def remember(self, *, workspace_id: int,
                       profiles: Mapping[str, tuple[str | None, str]],
                       now: datetime) -> dict[str, int]:
        """`commands.people.remember_profiles`, and remember what was recorded: a zone as of
        `now` (a profile without one keeps the zone on record: read afresh at the next use)."""
        self.forget(workspace_id, profiles)  # first: should the write fail, read them afresh
        ids = await remember_profiles(self._db, workspace_id=workspace_id, profiles=profiles,
                                      now=now)
        recorded = [PersonZone(user_id, tz, now, ids.get(user_id))
                    for user_id, (tz, _name) in profiles.items() if tz]
        self._remember(workspace_id, recorded, time.monotonic())
        return ids

    def forget(self, workspace_id: int, user_ids: Iterable[str]) -> None:
        for user_id in user_ids:
            self._known.pop((workspace_id, user_id), None)

    def _remember(self, workspace_id: int, people: Iterable[PersonZone], read_at: float) -> None:
        # Someone not on record yet is not remembered: they are looked up on the platform, and
        # recorded, at their first use.
        for person in people:
            key = (workspace_id, person.user_id)
            self._known.pop(key, None)  # to the end: the dict stays in the order read
            self._known[key] = (read_at, person)

    def _forget_read_before(self, instant: float) -> None:
        while self._known:
            oldest = next(iter(self._known))
            if self._known[oldest][0] >= instant:
                return
            del self._known[oldest]
