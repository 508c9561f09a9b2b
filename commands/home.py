"""What a person's home shows: their promises, their cases, their record; the team for leads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from commands.my_commitments import OwedItem
from storage.commitments import ReportedCase
from storage.engine import Database
from storage.home import OwedRow, home_rows

PAGE = 15
CASES_SHOWN = 10


# A line of "cases I logged": the storage row is already just what the line shows.
LoggedCaseLine = ReportedCase


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
    # Promises this person logged for others that are not accepted yet (or were declined).
    awaiting: tuple[OwedItem, ...] = ()

    @property
    def has_more(self) -> bool:
        return (self.page + 1) * PAGE < self.owed_total

    @property
    def kept_rate(self) -> float | None:
        return self.kept_on_time / self.due_so_far if self.due_so_far else None


async def home_of(db: Database, *, workspace_id: int, user_id: str, page: int,
                  now: datetime) -> Home:
    rows = await home_rows(db, workspace_id=workspace_id, user_id=user_id, page_size=PAGE,
                           offset=page * PAGE, cases_shown=CASES_SHOWN, now=now,
                           week_since=now - timedelta(days=7))
    team = None
    if rows.team is not None:
        items = tuple(owed_item(o, now) for o in rows.team.open_page)
        team = TeamView(open_promises=items, open_total=rows.team.open_total,
                        overdue_shown=sum(i.overdue for i in items),
                        cases_this_week=rows.team.cases_this_week)
    return Home(
        user_id=user_id, page=page, owed=tuple(owed_item(o, now) for o in rows.owed_page),
        owed_total=rows.owed_total,
        cases=tuple(rows.cases),
        due_so_far=rows.due_so_far, kept_on_time=rows.kept_on_time, team=team,
        awaiting=tuple(owed_item(o, now) for o in rows.awaiting),
    )


def owed_item(row: OwedRow, now: datetime) -> OwedItem:
    return OwedItem(commitment_id=row.commitment_id, case_id=row.case_id, customer=row.customer,
                    promise=row.promise, due_date=row.due_date, due_time=row.due_time,
                    due_at=row.due_at, zone_name=row.due_zone, overdue=row.due_at < now,
                    owner_user_id=row.owner_user_id, acceptance=row.acceptance)
