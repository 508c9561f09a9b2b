"""Everything a person's App Home shows, read in one transaction.

A home is republished after every change that touches it (two or three per logged case): one
round trip to a database thread instead of six keeps that cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from storage.commitments import (
    OpenCommitment,
    ReportedCase,
    cases_logged_since,
    cases_reported_by,
    open_commitments,
    promise_record,
    unaccepted_logged_by,
)
from storage.engine import reading
from storage.models import Workspace


@dataclass(frozen=True)
class TeamRows:
    """What a lead sees of the team: a page of open promises, their total, this week's cases."""

    open_page: list[OpenCommitment]
    open_total: int
    cases_this_week: int


@dataclass(frozen=True)
class HomeRows:
    owed_page: list[OpenCommitment]
    owed_total: int
    due_so_far: int
    kept_on_time: int
    cases: list[ReportedCase]
    team: TeamRows | None  # leads only
    awaiting: list[OpenCommitment] = field(default_factory=list)


@reading
def home_rows(session: Session, *, workspace_id: int, user_id: str, page_size: int,
              offset: int, cases_shown: int, now: datetime, week_since: datetime) -> HomeRows:
    owed, total = open_commitments(session, workspace_id=workspace_id, owner_user_id=user_id,
                                   limit=page_size, offset=offset)
    due, kept = promise_record(session, workspace_id=workspace_id, user_id=user_id, now=now)
    cases = cases_reported_by(session, workspace_id=workspace_id, user_id=user_id,
                              limit=cases_shown)
    team = None
    if user_id in session.get_one(Workspace, workspace_id).lead_user_ids:
        team_page, team_total = open_commitments(session, workspace_id=workspace_id,
                                                 owner_user_id=None, limit=page_size, offset=0)
        week = cases_logged_since(session, workspace_id=workspace_id, since=week_since)
        team = TeamRows(open_page=team_page, open_total=team_total, cases_this_week=week)
    awaiting = unaccepted_logged_by(session, workspace_id=workspace_id, user_id=user_id,
                                    limit=cases_shown)
    return HomeRows(owed_page=owed, owed_total=total, due_so_far=due, kept_on_time=kept,
                    cases=cases, team=team, awaiting=awaiting)
