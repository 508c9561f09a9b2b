"""The promise conversations decide, for every platform: who may open which form, what each
form needs, and, once something changed, who else hears of it and whose home to redraw."""

from __future__ import annotations

from datetime import date

from commands import promise_conversations as promises
from commands import refusals
from commands.commitment_actions import Outcome
from commands.promise_conversations import PromiseAsk, PromiseForm
from commands.promise_replies import (
    Acted,
    AskedToAccept,
    FormErrors,
    FormReady,
    PromiseField,
    Refused,
    TellCaseClosed,
    TellReporterDeclined,
)
from storage.engine import Database
from tests.commands.test_nudges import LEAD, OWNER, REPORTER, TEAM, berlin, commitment_id, logged

STRANGER = "U0STRANGE"
NOW = berlin(25, 10)


def ask(cid: int, actor: str) -> PromiseAsk:
    return PromiseAsk(team=TEAM, actor=actor, commitment_id=cid, now=NOW)


async def test_a_stranger_opens_no_form_and_only_the_owner_declines(db: Database) -> None:
    cid = commitment_id(await logged(db))
    stranger = await promises.open_form(db, promises.OpenForm(ask(cid, STRANGER),
                                                              PromiseForm.DONE))
    assert stranger == Refused(Outcome.NOT_ALLOWED)
    assert stranger.text == refusals.PROMISE_NOT_ALLOWED
    reporter = await promises.open_form(db, promises.OpenForm(ask(cid, REPORTER),
                                                              PromiseForm.DECLINE))
    assert reporter == Refused(Outcome.NOT_OWNER)
    ready = await promises.open_form(db, promises.OpenForm(ask(cid, OWNER),
                                                           PromiseForm.RENEGOTIATE))
    assert isinstance(ready, FormReady) and ready.today == date(2026, 11, 25)


async def test_a_decline_needs_a_reason_and_the_reporter_hears_of_it(db: Database) -> None:
    cid = commitment_id(await logged(db))
    empty = await promises.decline(db, promises.Decline(ask(cid, OWNER), "  "))
    assert isinstance(empty, FormErrors)
    assert empty.errors == {PromiseField.REASON: refusals.DECLINE_REASON_NEEDED}
    refused = await promises.decline(db, promises.Decline(ask(cid, STRANGER), "  "))
    assert refused == Refused(Outcome.NOT_ALLOWED)  # who may act comes before what is missing
    reply = await promises.decline(db, promises.Decline(ask(cid, OWNER), "Off on Friday"))
    assert isinstance(reply, Acted) and reply.answered
    assert [type(n) for n in reply.notices] == [TellReporterDeclined]
    assert reply.notices[0].user_id == REPORTER
    assert set(reply.homes) == {OWNER, REPORTER}


async def test_a_reassignment_needs_someone_and_asks_them_for_a_yes(db: Database) -> None:
    cid = commitment_id(await logged(db, leads=[LEAD]))
    nobody = await promises.reassign(db, promises.Reassign(ask(cid, LEAD), new_owner=None))
    assert isinstance(nobody, FormErrors)
    assert nobody.errors == {PromiseField.NEW_OWNER: refusals.PICK_SOMEONE}
    elsewhere = {PromiseField.NEW_OWNER: "not in this workspace"}
    platform = await promises.reassign(db, promises.Reassign(
        ask(cid, LEAD), new_owner="U0ELSEWHERE", platform_errors=elsewhere))
    assert isinstance(platform, FormErrors) and platform.errors == elsewhere
    reply = await promises.reassign(db, promises.Reassign(ask(cid, LEAD), new_owner=STRANGER))
    assert isinstance(reply, Acted) and reply.result.outcome is Outcome.REASSIGNED
    assert reply.notices == (AskedToAccept(STRANGER, reply.result.state, LEAD, new_date=False),)
    assert set(reply.homes) == {LEAD, STRANGER, OWNER, REPORTER}


async def test_renegotiating_is_checked_in_the_owners_zone(db: Database) -> None:
    cid = commitment_id(await logged(db))
    untold = await promises.renegotiate(db, promises.Renegotiate(
        ask(cid, OWNER), new_date=date(2026, 12, 4), new_time=None, customer_informed=False))
    assert isinstance(untold, FormErrors)
    assert untold.errors == {PromiseField.CUSTOMER_INFORMED: refusals.CUSTOMER_NOT_TOLD}
    reply = await promises.renegotiate(db, promises.Renegotiate(
        ask(cid, OWNER), new_date=date(2026, 12, 4), new_time=None, customer_informed=True))
    assert isinstance(reply, Acted) and reply.notices == ()


async def test_a_drop_needs_a_note_and_congratulates_nobody(db: Database) -> None:
    cid = commitment_id(await logged(db))
    empty = await promises.drop(db, promises.Drop(ask(cid, REPORTER), ""))
    assert isinstance(empty, FormErrors)
    assert empty.errors == {PromiseField.NOTE: refusals.DROP_NOTE_NEEDED}
    reply = await promises.drop(db, promises.Drop(ask(cid, REPORTER), "Told them"))
    assert isinstance(reply, Acted) and reply.result.case_closed
    assert not any(isinstance(n, TellCaseClosed) for n in reply.notices)


async def test_the_reporter_hears_when_someone_else_keeps_the_last_promise(
        db: Database) -> None:
    cid = commitment_id(await logged(db))
    reply = await promises.mark_done(db, promises.MarkDone(ask(cid, OWNER), note=" Sent "))
    assert isinstance(reply, Acted) and reply.result.state is not None
    assert reply.result.state.note == "Sent"
    assert reply.notices == (TellCaseClosed(REPORTER, reply.result.state),)
    again = await promises.mark_done(db, promises.MarkDone(ask(cid, OWNER)))
    assert again == Refused(Outcome.ALREADY_CLOSED)
