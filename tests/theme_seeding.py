"""Plain factories for the outer loop: a workspace with a lead, cases with one promise each."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session

from storage.cases import OwnedCommitment, add_case
from storage.engine import Database
from storage.models import Case, Commitment, Workspace
from storage.workspaces import ensure_workspace

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday
LEAD = "ULEAD"
REPORTER = "UREP"
OWNER = "UOWN"


async def a_workspace(db: Database, *, platform: str = "slack", team: str = "T1") -> int:
    workspace = await ensure_workspace(db, platform=platform, external_id=team,
                                       default_categories=["Billing", "Shipping"], now=START)
    assert workspace.id is not None

    def lead(session: Session) -> None:
        row = session.get_one(Workspace, workspace.id)
        row.lead_user_ids = [LEAD]
        session.add(row)

    await db.run(lead)
    return workspace.id


async def a_case(db: Database, workspace_id: int, *, key: str, problem: str,
                 category: str | None = "Billing", customer: str = "Acme", anger: int = 4,
                 at: datetime = START, owner: str = OWNER,
                 what_happened: str = "Shouting", steps: tuple[str, ...] = ()) -> int:
    due = at + timedelta(days=2)
    stored = await add_case(db, case=Case(
        workspace_id=workspace_id, reporter_id=0, submission_key=key, customer=customer,
        contact_channel="phone", occurred_at=at, anger_level=anger, what_happened=what_happened,
        problem=problem, category=category, created_at=at,
        deescalation_steps=list(steps),
    ), reporter_user_id=REPORTER, commitments=[OwnedCommitment(owner_user_id=owner,
       commitment=Commitment(case_id=0, position=0, owner_id=0, promise="Call back",
                             due_date=date(due.year, due.month, due.day), due_time=time(9),
                             due_zone="UTC", due_at=due, created_at=at))], now=at)
    assert stored.case.id is not None
    return stored.case.id
