"""What a person's home shows: their promises, their cases, their record; the team for leads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from commands.my_commitments import OwedItem
from storage import commitments
from storage.commitments import OpenCommitment
from storage.engine import Database
from storage.workspaces import get_workspace

PAGE = 15
CASES_SHOWN = 10


@dataclass(frozen=True)
class LoggedCaseLine:
    case_id: int
    customer: str
    status: str
    logged_at: datetime


@dataclass(frozen=True)
class TeamView:
    open_promises: tuple[OwedItem, ...]
    open_total: int
    overdue_shown: int
    cases_this_week: int


@dataclass(frozen=True)
class Home:
    user_id: str
    page: int
    owed: tuple[OwedItem, ...]
    owed_total: int
    cases: tuple[LoggedCaseLine, ...]
    due_so_far: int
    kept_on_time: int
    team: TeamView | None  # leads only

    @property
    def has_more(self) -> bool:
        return (self.page + 1) * PAGE < self.owed_total

    @property
    def kept_rate(self) -> float | None:
        return self.kept_on_time / self.due_so_far if self.due_so_far else None


async def home_of(db: Database, *, workspace_id: int, user_id: str, page: int,
                  now: datetime) -> Home:
    owed, total = await commitments.open_commitments(
        db, workspace_id=workspace_id, owner_user_id=user_id, limit=PAGE, offset=page * PAGE)
    due, kept = await commitments.promise_record(db, workspace_id=workspace_id,
                                                 user_id=user_id, now=now)
    cases = await commitments.cases_reported_by(db, workspace_id=workspace_id,
                                                user_id=user_id, limit=CASES_SHOWN)
    workspace = await get_workspace(db, workspace_id=workspace_id)
    team = (await _team(db, workspace_id, now) if user_id in workspace.lead_user_ids
            else None)
    return Home(
        user_id=user_id, page=page, owed=tuple(owed_item(o, now) for o in owed),
        owed_total=total,
        cases=tuple(LoggedCaseLine(c.id or 0, c.customer, c.status, c.created_at)
                    for c in cases),
        due_so_far=due, kept_on_time=kept, team=team,
    )


async def _team(db: Database, workspace_id: int, now: datetime) -> TeamView:
    owed, total = await commitments.open_commitments(
        db, workspace_id=workspace_id, owner_user_id=None, limit=PAGE, offset=0)
    items = tuple(owed_item(o, now) for o in owed)
    week = await commitments.cases_logged_since(db, workspace_id=workspace_id,
                                                since=now - timedelta(days=7))
    return TeamView(open_promises=items, open_total=total,
                    overdue_shown=sum(i.overdue for i in items), cases_this_week=week)


def owed_item(row: OpenCommitment, now: datetime) -> OwedItem:
    c = row.commitment
    return OwedItem(commitment_id=c.id or 0, case_id=row.case_id, customer=row.customer,
                    promise=c.promise, due_date=c.due_date, due_time=c.due_time,
                    due_at=c.due_at, zone_name=c.due_zone, overdue=c.due_at < now,
                    owner_user_id=row.owner_user_id)
