"""A case's conversations, written once and run on Slack and on Teams (and on SQLite and
PostgreSQL): view it, add a note, edit, close, delete; and a stranger refused each time."""

from __future__ import annotations

from sqlmodel import select

from commands.refusals import NOT_MANAGER, NOT_YOURS, NOTE_MISSING, OUTCOME_MISSING
from storage.models import Case
from tests.contract.drivers import CaseAnswer, Driver, Person, Where


def the_case(platform: Driver) -> Case | None:
    row = platform.db.run_sync(lambda s: s.exec(select(Case)).first())
    assert row is None or isinstance(row, Case)
    return row


async def logged_and_viewed(platform: Driver) -> CaseAnswer:
    """The reporter's case (with one promise), as its reporter sees it."""
    assert await platform.submit_form(await platform.open_form()) == set()
    await platform.say("help", who=Person.STRANGER, where=Where.PRIVATE)  # first contact
    shown = await platform.view_case()
    assert shown.handle is not None
    return shown


async def test_the_reporter_sees_the_case(platform: Driver) -> None:
    shown = await logged_and_viewed(platform)
    assert "Case #" in shown.seen and "Acme Corp" in shown.seen
    assert "Call back with the refund confirmation" in shown.seen and "open" in shown.seen


async def test_a_stranger_is_refused_the_case(platform: Driver) -> None:
    await logged_and_viewed(platform)
    refused = await platform.view_case(who=Person.STRANGER)
    assert refused.handle is None
    assert NOT_YOURS in refused.seen and "Acme Corp" not in refused.seen


async def test_a_note_is_added_and_shows_on_the_case(platform: Driver) -> None:
    shown = await logged_and_viewed(platform)
    assert "Called back, calmer now" in (await platform.add_note(
        shown, "Called back, calmer now")).seen
    assert "Called back, calmer now" in (await platform.view_case()).seen


async def test_an_empty_note_is_refused(platform: Driver) -> None:
    shown = await logged_and_viewed(platform)
    assert NOTE_MISSING in (await platform.add_note(shown, "   ")).seen


async def test_the_reporter_edits_and_a_mistake_is_shown(platform: Driver) -> None:
    shown = await logged_and_viewed(platform)
    refused = await platform.edit_case(shown, customer=" ")
    assert "customer" in refused.errors
    assert (the_case(platform) or Case()).customer == "Acme Corp"
    edited = await platform.edit_case(shown, customer="Acme Holdings")
    assert edited.errors == frozenset() and "Acme Holdings" in edited.seen
    assert (the_case(platform) or Case()).customer == "Acme Holdings"
    assert "Acme Holdings" in (await platform.view_case()).seen


async def test_closing_needs_an_outcome(platform: Driver) -> None:
    shown = await logged_and_viewed(platform)
    assert OUTCOME_MISSING in (await platform.close_case(shown, outcome="")).seen
    assert (the_case(platform) or Case()).status == "open"
    closed = await platform.close_case(shown, outcome="retained", mood="4")
    assert "closed" in closed.seen and "4/5" in closed.seen
    row = the_case(platform)
    assert row is not None and (row.status, row.outcome, row.mood_after) == (
        "closed", "retained", 4)


async def test_a_stranger_can_neither_change_close_nor_delete_it(platform: Driver) -> None:
    shown = await logged_and_viewed(platform)
    stranger = Person.STRANGER
    assert NOT_YOURS in (await platform.add_note(shown, "Mine now", who=stranger)).seen
    assert NOT_MANAGER in (await platform.edit_case(shown, customer="Mine", who=stranger)).seen
    assert NOT_MANAGER in (await platform.close_case(shown, outcome="lost", who=stranger)).seen
    assert NOT_MANAGER in (await platform.delete_case(shown, who=stranger)).seen
    row = the_case(platform)
    assert row is not None and (row.status, row.customer) == ("open", "Acme Corp")


async def test_delete_removes_the_case(platform: Driver) -> None:
    shown = await logged_and_viewed(platform)
    assert "deleted" in (await platform.delete_case(shown)).seen
    assert the_case(platform) is None
    assert NOT_YOURS in (await platform.view_case()).seen
