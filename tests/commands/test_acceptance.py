"""A promise made for someone else waits for its owner's yes; a no goes back to the reporter."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from commands.acceptance import accept, decline, drop
from commands.commitment_actions import Outcome, reassign, renegotiate
from storage.engine import Database
from storage.models import Case, Commitment
from tests.commands.test_nudges import (
    LEAD,
    LOGGED_AT,
    OWNER,
    REPORTER,
    TEAM,
    berlin,
    commitment_id,
    logged,
    tick,
)
from tests.fakes import FakeMessenger


async def row(db: Database, cid: int) -> Commitment:
    return await db.run(lambda s: s.get_one(Commitment, cid))


async def test_a_promise_made_for_someone_else_waits_for_them(db: Database) -> None:
    cid = commitment_id(await logged(db))
    assert (await row(db, cid)).acceptance == "pending"
    refused = await accept(db, commitment_id=cid, actor=REPORTER, team=TEAM, now=berlin(25, 10))
    assert refused.outcome is Outcome.NOT_OWNER
    result = await accept(db, commitment_id=cid, actor=OWNER, team=TEAM, now=berlin(25, 10))
    assert result.outcome is Outcome.ACCEPTED and result.state is not None
    assert (await row(db, cid)).acceptance == "accepted"


async def test_a_decline_needs_a_reason_and_stops_the_owners_nudges(db: Database) -> None:
    cid = commitment_id(await logged(db, leads=[LEAD]))
    no_reason = await decline(db, commitment_id=cid, actor=OWNER, team=TEAM, reason=" ",
                              now=berlin(25, 10))
    assert no_reason.outcome is Outcome.NEEDS_TEXT
    result = await decline(db, commitment_id=cid, actor=OWNER, team=TEAM,
                           reason="I am off on Friday", now=berlin(25, 10))
    assert result.outcome is Outcome.DECLINED and result.state is not None
    assert (result.state.acceptance, result.state.decline_reason) == ("declined",
                                                                      "I am off on Friday")
    messenger = FakeMessenger()
    await tick(db, messenger, LOGGED_AT)
    for moment in (berlin(26, 9), berlin(27, 13), berlin(2, 9, 0, 12)):
        await tick(db, messenger, moment)
    assert messenger.kinds_to(OWNER) == []
    assert messenger.kinds_to(LEAD) == ["escalation"]  # a declined promise does not vanish


async def test_the_reporter_reassigns_a_declined_promise(db: Database) -> None:
    cid = commitment_id(await logged(db))
    await decline(db, commitment_id=cid, actor=OWNER, team=TEAM, reason="Not my area",
                  now=berlin(25, 10))
    result = await reassign(db, commitment_id=cid, actor=REPORTER, team=TEAM, new_owner="UNEW",
                            now=berlin(25, 11))
    assert result.outcome is Outcome.REASSIGNED
    assert ((await row(db, cid)).acceptance, (await row(db, cid)).decline_reason) == (
        "pending", "")


async def test_the_reporter_takes_it_on_themselves(db: Database) -> None:
    cid = commitment_id(await logged(db))
    await reassign(db, commitment_id=cid, actor=REPORTER, team=TEAM, new_owner=REPORTER,
                   now=berlin(25, 11))
    assert (await row(db, cid)).acceptance == "accepted"


async def test_a_new_date_goes_back_to_the_owner(db: Database) -> None:
    cid = commitment_id(await logged(db))
    await decline(db, commitment_id=cid, actor=OWNER, team=TEAM, reason="Friday is too soon",
                  now=berlin(25, 10))
    await renegotiate(db, commitment_id=cid, actor=REPORTER, team=TEAM,
                      new_date=date(2026, 12, 4), new_time=None, customer_informed=True,
                      now=berlin(25, 11))
    assert (await row(db, cid)).acceptance == "pending"


async def test_dropping_with_a_note_closes_the_case(db: Database) -> None:
    cid = commitment_id(await logged(db))
    no_note = await drop(db, commitment_id=cid, actor=REPORTER, team=TEAM, note="",
                         now=berlin(25, 11))
    assert no_note.outcome is Outcome.NEEDS_TEXT
    result = await drop(db, commitment_id=cid, actor=REPORTER, team=TEAM,
                        note="Customer told we can't do it", now=berlin(25, 11))
    assert result.outcome is Outcome.DROPPED and result.case_closed
    dropped = await row(db, cid)
    assert (dropped.status, dropped.outcome_note) == ("dropped", "Customer told we can't do it")

    def case_status(session: Session) -> str:
        return session.get_one(Case, dropped.case_id).status
    assert await db.run(case_status) == "closed"
    messenger = FakeMessenger()
    await tick(db, messenger, berlin(27, 13))
    assert messenger.sent == []


