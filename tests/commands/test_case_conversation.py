"""A case's conversation, decided once for both platforms: who may see, note, edit, close and
delete a case, what each refusal is, and what is shown after."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from commands import refusals
from commands.case_conversation import (
    AlreadyClosed,
    CaseAsk,
    CaseDeleted,
    CaseForm,
    CaseShown,
    Closing,
    Edit,
    FormErrors,
    FormOpened,
    NoteMissing,
    NotManager,
    NotYours,
    OutcomeMissing,
    add_note,
    close_case,
    delete_case,
    open_form,
    save_edit,
    view_case,
)
from commands.privacy import NotPrivate
from storage.engine import Database
from tests.commands.test_validation import draft
from tests.theme_seeding import LEAD, OWNER, REPORTER, START, a_case, a_workspace

STRANGER = "USTRANGER"
NOW = START + timedelta(days=1)


async def a_logged_case(db: Database) -> tuple[int, int]:
    workspace_id = await a_workspace(db)
    return workspace_id, await a_case(db, workspace_id, key="k1", problem="Charged twice")


def asked(workspace_id: int, case_id: int, actor: str = REPORTER) -> CaseAsk:
    return CaseAsk(workspace_id=workspace_id, actor=actor, case_id=case_id, now=NOW)


async def test_its_people_see_it_and_only_the_reporter_and_leads_manage_it(
        db: Database) -> None:
    workspace_id, case_id = await a_logged_case(db)
    for actor, manages in ((REPORTER, True), (LEAD, True), (OWNER, False)):
        shown = await view_case(db, asked(workspace_id, case_id, actor))
        assert isinstance(shown, CaseShown) and shown.detail.can_manage is manages
    assert await view_case(db, asked(workspace_id, case_id, STRANGER)) == NotYours()
    elsewhere = await a_workspace(db, team="T2")
    assert await view_case(db, asked(elsewhere, case_id)) == NotYours()


async def test_who_may_open_each_form(db: Database) -> None:
    workspace_id, case_id = await a_logged_case(db)
    owner = asked(workspace_id, case_id, OWNER)
    assert isinstance(await open_form(db, owner, CaseForm.NOTE), FormOpened)
    assert await open_form(db, owner, CaseForm.EDIT) == NotManager()
    assert await open_form(db, owner, CaseForm.CLOSE) == NotManager()
    assert await open_form(db, asked(workspace_id, case_id, STRANGER),
                           CaseForm.NOTE) == NotYours()
    assert isinstance(await open_form(db, asked(workspace_id, case_id, LEAD), CaseForm.CLOSE),
                      FormOpened)


async def test_a_note_needs_words_and_then_shows(db: Database) -> None:
    workspace_id, case_id = await a_logged_case(db)
    owner = asked(workspace_id, case_id, OWNER)
    assert await add_note(db, owner, "  \n ") == NoteMissing()
    shown = await add_note(db, owner, "  Called back  ")
    assert isinstance(shown, CaseShown)
    assert [n.text for n in shown.detail.notes] == ["Called back"]
    assert await add_note(db, asked(workspace_id, case_id, STRANGER), "Hi") == NotYours()


async def test_closing_needs_an_outcome_a_manager_and_an_open_case(db: Database) -> None:
    workspace_id, case_id = await a_logged_case(db)
    reporter = asked(workspace_id, case_id)
    assert await close_case(db, reporter, Closing("nonsense")) == OutcomeMissing()
    assert await close_case(db, asked(workspace_id, case_id, OWNER),
                            Closing("retained")) == NotManager()
    closed = await close_case(db, reporter, Closing("retained", mood="9"))  # no such mood
    assert isinstance(closed, CaseShown)
    assert (closed.detail.status, closed.detail.mood_after) == ("closed", None)
    assert not closed.detail.can_close
    assert await close_case(db, reporter, Closing("lost", mood="2")) == AlreadyClosed()
    assert await open_form(db, reporter, CaseForm.CLOSE) == AlreadyClosed()


async def test_an_edit_is_validated_like_the_form(db: Database) -> None:
    workspace_id, case_id = await a_logged_case(db)
    reporter = asked(workspace_id, case_id)
    refused = await save_edit(db, reporter, Edit(draft(customer=" "),
                                                 {"occurred_time": "Pick the day too"}))
    assert isinstance(refused, FormErrors)
    assert {"customer", "occurred_time"} <= set(refused.errors)
    assert await save_edit(db, asked(workspace_id, case_id, OWNER),
                           Edit(draft())) == NotManager()
    saved = await save_edit(db, reporter, Edit(replace(draft(), customer="Acme Holdings")))
    assert isinstance(saved, CaseShown)
    assert saved.detail.summary.customer == "Acme Holdings"
    assert saved.detail.draft.occurred_at == START  # left empty: the stored instant stays
    assert len(saved.detail.summary.commitments) == 1  # promises change by their own buttons


async def test_delete_says_whose_views_to_redraw(db: Database) -> None:
    workspace_id, case_id = await a_logged_case(db)
    assert await delete_case(db, asked(workspace_id, case_id, OWNER)) == NotManager()
    deleted = await delete_case(db, asked(workspace_id, case_id, LEAD))
    assert isinstance(deleted, CaseDeleted) and deleted.case_id == case_id
    assert set(deleted.touched) == {REPORTER, OWNER, LEAD}
    assert await view_case(db, asked(workspace_id, case_id)) == NotYours()
    assert await delete_case(db, asked(workspace_id, case_id)) == NotManager()


def test_each_refusal_has_its_one_text() -> None:
    assert NotYours.text == refusals.NOT_YOURS
    assert NotManager.text == refusals.NOT_MANAGER
    assert (NoteMissing.text, OutcomeMissing.text) == ("Write a note first.", "Pick an outcome.")
    assert AlreadyClosed.text == refusals.ALREADY_CLOSED


async def test_nothing_of_a_case_is_shown_or_changed_in_front_of_a_channel(
        db: Database) -> None:
    workspace_id, case_id = await a_logged_case(db)
    public = replace(asked(workspace_id, case_id), privately=False)
    answers = [await view_case(db, public), await open_form(db, public, CaseForm.NOTE),
               await add_note(db, public, "seen by all"),
               await close_case(db, public, Closing(outcome="resolved")),
               await save_edit(db, public, Edit(draft())),
               await delete_case(db, public)]
    assert {answer.text for answer in answers if isinstance(answer, NotPrivate)} == {
        refusals.CASE_NOT_HERE} and all(isinstance(a, NotPrivate) for a in answers)
    assert isinstance(await view_case(db, asked(workspace_id, case_id)), CaseShown)  # untouched
