"""The repository on both databases: a case stored once per submission, people created once."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy.exc import IntegrityError

from storage.cases import OwnedCommitment, add_case, audit_trail, get_case
from storage.engine import Database
from storage.models import Case, Commitment
from storage.workspaces import (
    ensure_workspace,
    find_people,
    mark_event_processed,
    save_person_profile,
)

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


async def a_workspace(db: Database) -> int:
    workspace = await ensure_workspace(
        db, platform="slack", external_id="T1", default_categories=["Billing"], now=NOW
    )
    assert workspace.id is not None
    return workspace.id


def a_case(workspace_id: int, key: str = "k1") -> Case:
    return Case(
        workspace_id=workspace_id,
        reporter_id=0,
        submission_key=key,
        customer="Acme",
        contact_channel="phone",
        occurred_at=NOW,
        anger_level=3,
        what_happened="Shouting",
        created_at=NOW,
    )


def a_commitment(owner: str) -> OwnedCommitment:
    return OwnedCommitment(
        owner_user_id=owner,
        commitment=Commitment(
            case_id=0, position=0, owner_id=0, promise="Call back", due_date=date(2026, 11, 27),
            due_time=time(15, 0), due_zone="Europe/Berlin",
            due_at=datetime(2026, 11, 27, 14, 0, tzinfo=UTC), created_at=NOW,
        ),
    )


async def test_a_case_is_stored_once_per_submission_key(db: Database) -> None:
    workspace_id = await a_workspace(db)
    first = await add_case(db, case=a_case(workspace_id), reporter_user_id="U1",
                           commitments=[a_commitment("U2")], now=NOW)
    again = await add_case(db, case=a_case(workspace_id), reporter_user_id="U1",
                           commitments=[a_commitment("U2")], now=NOW)
    assert first.created and not again.created
    assert again.case.id == first.case.id
    assert [c.id for c in again.commitments] == [c.id for c in first.commitments]
    assert again.user_id(again.commitments[0].owner_id) == "U2"
    assert again.user_id(again.case.reporter_id) == "U1"


async def test_someone_elses_submission_key_shows_nothing_of_their_case(db: Database) -> None:
    workspace_id = await a_workspace(db)
    await add_case(db, case=a_case(workspace_id, key="copied"), reporter_user_id="U1",
                   commitments=[a_commitment("U2")], now=NOW)
    # A key copied from another person's form is not a repeat of their submission.
    with pytest.raises(IntegrityError):
        await add_case(db, case=a_case(workspace_id, key="copied"), reporter_user_id="U9",
                       commitments=[a_commitment("U9")], now=NOW)


async def test_concurrent_submissions_store_one_case(db: Database) -> None:
    workspace_id = await a_workspace(db)
    results = await asyncio.gather(*(
        add_case(db, case=a_case(workspace_id, key="same"), reporter_user_id="U1",
                 commitments=[a_commitment("U2")], now=NOW)
        for _ in range(5)
    ))
    assert sum(result.created for result in results) == 1
    assert len({result.case.id for result in results}) == 1


async def test_instants_come_back_aware_utc(db: Database) -> None:
    workspace_id = await a_workspace(db)
    stored = await add_case(db, case=a_case(workspace_id), reporter_user_id="U1",
                            commitments=[a_commitment("U2")], now=NOW)
    assert stored.case.id is not None
    loaded = await get_case(db, case_id=stored.case.id)
    assert loaded is not None
    assert loaded.commitments[0].due_at == datetime(2026, 11, 27, 14, 0, tzinfo=UTC)
    assert loaded.case.occurred_at.tzinfo is not None


async def test_the_audit_keeps_what_happened(db: Database) -> None:
    workspace_id = await a_workspace(db)
    stored = await add_case(db, case=a_case(workspace_id), reporter_user_id="U1",
                            commitments=[a_commitment("U2"), a_commitment("U3")], now=NOW)
    assert stored.case.id is not None
    trail = await audit_trail(db, case_id=stored.case.id)
    assert [event.kind for event in trail] == ["case_logged", "commitment_made", "commitment_made"]


async def test_workspaces_and_people_are_created_once(db: Database) -> None:
    first, second = await asyncio.gather(a_workspace(db), a_workspace(db))
    assert first == second
    await asyncio.gather(*(
        save_person_profile(db, workspace_id=first, user_id="U9", tz="Asia/Tokyo",
                            display_name="kenji", now=NOW)
        for _ in range(4)
    ))
    (person,) = await find_people(db, workspace_id=first, user_ids=["U9"])
    assert person.tz == "Asia/Tokyo"


async def test_an_event_is_processed_once(db: Database) -> None:
    assert await mark_event_processed(db, event_id="Ev1", now=NOW)
    assert not await mark_event_processed(db, event_id="Ev1", now=NOW)
