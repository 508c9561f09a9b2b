"""`list` and `home`: a person's open promises and their whole record, for every platform,
shown only where no one else sees them (commands.privacy)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from commands.home import Home, home_of
from commands.my_commitments import OwedList, my_open_list
from commands.privacy import NotPrivate
from commands.refusals import MINE_NOT_HERE
from storage.engine import Database


@dataclass(frozen=True)
class OverviewAsk:
    workspace_id: int
    actor: str
    privately: bool  # asked where no one else sees the answer (commands.privacy)
    now: datetime
    page: int = 0  # of the home's promises; a page number from a button may be anything


ListReply = NotPrivate | OwedList
HomeReply = NotPrivate | Home


async def my_list(db: Database, ask: OverviewAsk) -> ListReply:
    if not ask.privately:
        return NotPrivate(MINE_NOT_HERE)
    return await my_open_list(db, workspace_id=ask.workspace_id, user_id=ask.actor, now=ask.now)


async def my_home(db: Database, ask: OverviewAsk) -> HomeReply:
    if not ask.privately:
        return NotPrivate(MINE_NOT_HERE)
    return await home_of(db, workspace_id=ask.workspace_id, user_id=ask.actor,
                         page=max(ask.page, 0), now=ask.now)
