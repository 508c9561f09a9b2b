"""Everything a person's App Home shows, read in one transaction.

A home is republished after every change that touches it (two or three per logged case), so its
reads are Core statements built once: the ORM's objects and a compile per statement were most
of a home's cost (the page shows a handful of columns per promise).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Connection, Select, and_, bindparam, case, func, select

from storage.commitments import ReportedCase
from storage.engine import reading_statements
from storage.models import Case, Commitment, Person, Workspace, table_of


@dataclass(frozen=True)
class OwedRow:
    """An open promise as a home lists it."""

    commitment_id: int
    case_id: int
    customer: str
    owner_user_id: str
    promise: str
    due_date: date
    due_time: time | None
    due_at: datetime
    due_zone: str
    acceptance: str


@dataclass(frozen=True)
class TeamRows:
    """What a lead sees of the team: a page of open promises, their total, this week's cases."""

    open_page: list[OwedRow]
    open_total: int
    cases_this_week: int


@dataclass(frozen=True)
class HomeRows:
    owed_page: list[OwedRow]
    owed_total: int
    due_so_far: int
    kept_on_time: int
    cases: list[ReportedCase]
    team: TeamRows | None  # leads only
    awaiting: list[OwedRow] = field(default_factory=list)


@reading_statements
def home_rows(connection: Connection, *, workspace_id: int, user_id: str, page_size: int,
              offset: int, cases_shown: int, now: datetime, week_since: datetime) -> HomeRows:
    asked = {"workspace": workspace_id, "user": user_id, "limit": page_size, "offset": offset,
             "now": now, "shown": cases_shown, "since": week_since}
    owed_total = connection.execute(_count(_owed(mine=True)), asked).scalar_one()
    due, kept = connection.execute(_promise_record(), asked).one()
    team = None
    if user_id in connection.execute(_leads(), asked).scalar_one():
        team = TeamRows(open_page=_page(connection, _owed(mine=False), asked),
                        open_total=connection.execute(_count(_owed(mine=False)),
                                                      asked).scalar_one(),
                        cases_this_week=connection.execute(_cases_since(), asked).scalar_one())
    return HomeRows(
        owed_page=_page(connection, _owed(mine=True), asked), owed_total=owed_total,
        due_so_far=due, kept_on_time=int(kept),
        cases=[ReportedCase(*row) for row in connection.execute(_reported(), asked)],
        team=team, awaiting=_page(connection, _awaiting(), asked))


def _page(connection: Connection, query: Select[Any], asked: dict[str, Any]) -> list[OwedRow]:
    return [OwedRow(*row) for row in connection.execute(_paged(query), asked)]


@functools.cache
def _owed(*, mine: bool) -> Select[Any]:
    """Open promises of the workspace (of the person asking when `mine`), in OwedRow's order."""
    commitment, case_, person = table_of(Commitment), table_of(Case), table_of(Person)
    query = (select(commitment.c.id, commitment.c.case_id, case_.c.customer, person.c.user_id,
                    commitment.c.promise, commitment.c.due_date, commitment.c.due_time,
                    commitment.c.due_at, commitment.c.due_zone, commitment.c.acceptance)
             .join(case_, case_.c.id == commitment.c.case_id)
             .join(person, person.c.id == commitment.c.owner_id)
             .where(person.c.workspace_id == bindparam("workspace"),
                    commitment.c.status == "open"))
    return query.where(person.c.user_id == bindparam("user")) if mine else query


@functools.cache
def _paged(query: Select[Any]) -> Select[Any]:
    commitment = table_of(Commitment)
    return (query.order_by(commitment.c.due_at, commitment.c.id)
            .offset(bindparam("offset")).limit(bindparam("limit")))


@functools.cache
def _count(query: Select[Any]) -> Select[Any]:
    return select(func.count()).select_from(query.subquery())


@functools.cache
def _awaiting() -> Select[Any]:
    """Open promises the person logged for others that their owners have not accepted."""
    commitment, case_, person = table_of(Commitment), table_of(Case), table_of(Person)
    owner, reporter = person.alias("owner"), person.alias("reporter")
    return (select(commitment.c.id, commitment.c.case_id, case_.c.customer, owner.c.user_id,
                   commitment.c.promise, commitment.c.due_date, commitment.c.due_time,
                   commitment.c.due_at, commitment.c.due_zone, commitment.c.acceptance)
            .join(case_, case_.c.id == commitment.c.case_id)
            .join(owner, owner.c.id == commitment.c.owner_id)
            .join(reporter, reporter.c.id == case_.c.reporter_id)
            .where(case_.c.workspace_id == bindparam("workspace"),
                   reporter.c.user_id == bindparam("user"), commitment.c.status == "open",
                   commitment.c.acceptance != "accepted")
            .order_by(commitment.c.due_at, commitment.c.id)
            .offset(0).limit(bindparam("shown")))


@functools.cache
def _promise_record() -> Select[Any]:
    """(promises that have fallen due, kept on time) for the person asking."""
    commitment, person = table_of(Commitment), table_of(Person)
    kept = case((and_(commitment.c.done_at.is_not(None),
                      commitment.c.done_at <= commitment.c.due_at), 1), else_=0)
    return (select(func.count(), func.coalesce(func.sum(kept), 0))
            .select_from(commitment)
            .join(person, person.c.id == commitment.c.owner_id)
            .where(person.c.workspace_id == bindparam("workspace"),
                   person.c.user_id == bindparam("user"),
                   commitment.c.due_at <= bindparam("now")))


@functools.cache
def _reported() -> Select[Any]:
    """The person's latest cases, newest first (only what a list shows, not the texts)."""
    case_, person = table_of(Case), table_of(Person)
    return (select(case_.c.id, case_.c.customer, case_.c.status, case_.c.created_at)
            .join(person, person.c.id == case_.c.reporter_id)
            .where(case_.c.workspace_id == bindparam("workspace"),
                   person.c.user_id == bindparam("user"))
            .order_by(case_.c.created_at.desc()).limit(bindparam("shown")))


@functools.cache
def _leads() -> Select[Any]:
    workspace = table_of(Workspace)
    return select(workspace.c.lead_user_ids).where(workspace.c.id == bindparam("workspace"))


@functools.cache
def _cases_since() -> Select[Any]:
    case_ = table_of(Case)
    return (select(func.count()).select_from(case_)
            .where(case_.c.workspace_id == bindparam("workspace"),
                   case_.c.created_at >= bindparam("since")))
