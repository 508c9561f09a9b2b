"""Plain factories for larger data sets: many commitments falling due at one instant."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from storage.cases import OwnedCommitment, add_case
from storage.engine import Database
from storage.models import Case, Commitment
from storage.workspaces import ensure_workspace
from tests.fakeslack import FakeSlack

CREATED = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
DUE_DAY = date(2026, 11, 27)  # a Friday
DUE_TIME = time(15, 0)
DUE_AT = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)  # 15:00 in Berlin
# The "due today" nudge: two hours before the promised time.
DUE_NUDGE_AT = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


async def seed_due_commitments(
    db: Database, *, count: int, owners: int, per_case: int = 50, team: str = "T0001"
) -> None:
    """`count` open commitments, due Friday 15:00 Berlin, spread over `owners` people."""
    workspace = await ensure_workspace(db, platform="slack", external_id=team,
                                       default_categories=["Billing"], now=CREATED)
    assert workspace.id is not None
    for first in range(0, count, per_case):
        size = min(per_case, count - first)
        await add_case(
            db,
            case=_case(workspace.id, key=f"seed-{team}-{first}"),
            reporter_user_id="UREPORTER",
            commitments=[_commitment(owner_id((first + i) % owners)) for i in range(size)],
            now=CREATED,
        )


def owner_id(index: int) -> str:
    return f"UOWNER{index:04d}"


def people_in_slack(slack: FakeSlack, *, owners: int) -> None:
    """The seeded owners and reporter as Slack users (in Berlin), so DMs to them work."""
    slack.add_user("UREPORTER", tz="Europe/Berlin")
    for index in range(owners):
        slack.add_user(owner_id(index), tz="Europe/Berlin")


def _case(workspace_id: int, key: str) -> Case:
    return Case(workspace_id=workspace_id, reporter_id=0, submission_key=key, customer="Acme",
                contact_channel="phone", occurred_at=CREATED, anger_level=4,
                what_happened="Seeded", created_at=CREATED)


def _commitment(owner: str) -> OwnedCommitment:
    return OwnedCommitment(owner_user_id=owner, commitment=Commitment(
        case_id=0, position=0, owner_id=0, promise="Call back", due_date=DUE_DAY,
        due_time=DUE_TIME, due_zone="Europe/Berlin", due_at=DUE_AT, created_at=CREATED,
        planned_until=CREATED, next_nudge_at=CREATED,
    ))
