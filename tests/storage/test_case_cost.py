"""Storing a case is the hot path of every submission: its database work stays bounded."""

from __future__ import annotations

from storage.cases import add_case
from storage.engine import Database
from storage.workspaces import save_person_profile
from tests.statements import counted
from tests.storage.test_cases import NOW, a_case, a_commitment, a_workspace

MAX_STATEMENTS = 8


async def test_a_case_with_one_promise_is_one_transaction_of_few_statements(
    db: Database,
) -> None:
    workspace_id = await a_workspace(db)
    for user_id in ("U1", "U2"):
        await save_person_profile(db, workspace_id=workspace_id, user_id=user_id,
                                  tz="Europe/Berlin", display_name=user_id, now=NOW)
    with counted(db.engine) as traffic:
        stored = await add_case(db, case=a_case(workspace_id), reporter_user_id="U1",
                                commitments=[a_commitment("U2")], now=NOW)
    assert stored.created
    assert traffic.transactions == 1
    assert len(traffic.statements) <= MAX_STATEMENTS, traffic.statements


async def test_people_seen_for_the_first_time_are_recorded_with_the_case(db: Database) -> None:
    workspace_id = await a_workspace(db)
    stored = await add_case(db, case=a_case(workspace_id), reporter_user_id="U1",
                            commitments=[a_commitment("U2"), a_commitment("U1")], now=NOW)
    owners = [stored.user_id(c.owner_id) for c in stored.commitments]
    assert owners == ["U2", "U1"]
    assert stored.user_id(stored.case.reporter_id) == "U1"
    assert [c.position for c in stored.commitments] == [0, 1]


async def test_people_whose_rows_are_known_are_not_looked_up(db: Database) -> None:
    workspace_id = await a_workspace(db)
    ids = {user_id: (await save_person_profile(
        db, workspace_id=workspace_id, user_id=user_id, tz="Europe/Berlin",
        display_name=user_id, now=NOW)).id for user_id in ("U1", "U2")}
    known = {user_id: person_id for user_id, person_id in ids.items() if person_id is not None}
    with counted(db.engine) as traffic:
        stored = await add_case(db, case=a_case(workspace_id), reporter_user_id="U1",
                                commitments=[a_commitment("U2"), a_commitment("U3")], now=NOW,
                                known_people={"U1": known["U1"], "U2": known["U2"]})
    # Only U3, seen for the first time, is looked for (and recorded).
    reads = [s for s in traffic.statements if s.startswith("SELECT")]
    assert len(reads) >= 1 and all("people" in s for s in reads)
    assert stored.case.reporter_id == known["U1"]
    assert [stored.user_id(c.owner_id) for c in stored.commitments] == ["U2", "U3"]
    assert stored.commitments[0].owner_id == known["U2"]
    with counted(db.engine) as traffic:
        await add_case(db, case=a_case(workspace_id, key="second"), reporter_user_id="U1",
                       commitments=[a_commitment("U2")], now=NOW, known_people=known)
    assert not [s for s in traffic.statements if s.startswith("SELECT")], traffic.statements
