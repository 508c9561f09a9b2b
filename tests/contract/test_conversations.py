"""Every conversation, written once and run on Slack and on Teams (and on SQLite and
PostgreSQL): the same request gets the same outcome on both platforms."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from commands.refusals import NOT_A_CHANNEL, NOT_ALLOWED
from storage.models import Case, Commitment, DigestSubscription
from tests.contract.drivers import Driver, Person, Where, make_lead


def cases(platform: Driver) -> list[Case]:
    return platform.db.run_sync(lambda s: list(s.exec(select(Case)).all()))


def commitment(platform: Driver) -> Commitment:
    row = platform.db.run_sync(lambda s: s.exec(select(Commitment)).one())
    assert isinstance(row, Commitment)
    return row


def subscriptions(platform: Driver) -> list[DigestSubscription]:
    return platform.db.run_sync(lambda s: list(s.exec(
        select(DigestSubscription).where(DigestSubscription.active == True))))  # noqa: E712


async def test_help_says_how_to_log_and_subscribe(platform: Driver) -> None:
    seen = await platform.say("help", where=Where.PRIVATE)
    assert "helps you close the loop" in seen
    assert "angrycall Acme call back Friday 3pm" in seen and "digest here" in seen


@pytest.mark.parametrize("words", ["Acme Corp call back Friday 3pm",
                                   "log Acme Corp call back Friday 3pm"])
async def test_a_quick_note_prefills_the_form(platform: Driver, words: str) -> None:
    form = await platform.open_form(words=words)
    assert platform.typed(form, "customer") == "Acme Corp"
    assert platform.typed(form, "commitment_0_promise") == "call back"


async def test_the_form_shows_mistakes_and_stores_nothing(platform: Driver) -> None:
    form = await platform.open_form()
    errors = await platform.submit_form(form, customer=" ", due=date(2026, 11, 20))
    assert {"customer", "commitment_0_due_date"} <= errors
    assert cases(platform) == []


async def test_a_repeated_submission_stores_one_case(platform: Driver) -> None:
    form = await platform.open_form()
    assert await platform.submit_form(form) == set()
    assert await platform.submit_form(form) == set()
    (case,) = cases(platform)
    assert case.customer == "Acme Corp"
    assert commitment(platform).due_date == date(2026, 11, 27)


async def test_list_shows_my_open_promises(platform: Driver) -> None:
    assert await platform.submit_form(await platform.open_form()) == set()
    seen = await platform.say("list", where=Where.PRIVATE)
    assert "Acme Corp" in seen and "Call back with the refund confirmation" in seen


async def test_done_keeps_the_promise(platform: Driver) -> None:
    nudge = await platform.nudge()
    seen = await platform.done(nudge, "Refund sent")
    assert "Done" in seen
    row = commitment(platform)
    assert (row.status, row.outcome_note) == ("done", "Refund sent")


async def test_snooze_puts_the_nudge_off_an_hour(platform: Driver) -> None:
    nudge = await platform.nudge()
    assert "Snoozed" in await platform.snooze_an_hour(nudge)
    assert commitment(platform).status == "open"


async def test_renegotiating_needs_the_customer_told_then_moves_the_date(
        platform: Driver) -> None:
    nudge = await platform.nudge()
    refused = await platform.renegotiate(nudge, date(2026, 12, 4), customer_informed=False)
    assert "customer_informed" in refused and commitment(platform).slips == 0
    assert await platform.renegotiate(nudge, date(2026, 12, 4), customer_informed=True) == set()
    row = commitment(platform)
    assert (row.due_date, row.slips) == (date(2026, 12, 4), 1)


async def test_someone_elses_promise_is_refused(platform: Driver) -> None:
    nudge = await platform.nudge()
    await platform.say("help", who=Person.STRANGER, where=Where.PRIVATE)  # first contact
    seen = await platform.done(nudge, "Not mine", who=Person.STRANGER)
    assert "Only the owner" in seen
    assert commitment(platform).status == "open"


async def test_settings_are_refused_to_a_stranger(platform: Driver) -> None:
    await platform.say("help")
    make_lead(platform.db, platform.user(Person.REPORTER))
    assert NOT_ALLOWED in await platform.say("settings", who=Person.STRANGER,
                                             where=Where.PRIVATE)


async def test_digest_here_preview_and_off(platform: Driver) -> None:
    subscribed = await platform.say("digest here friday 16:00 Europe/Berlin")
    assert "every Friday at 16:00 (Europe/Berlin)" in subscribed
    assert len(subscriptions(platform)) == 1
    assert await platform.submit_form(await platform.open_form()) == set()
    assert "1 case logged" in await platform.say("digest preview")
    assert "no more digests" in await platform.say("digest off")
    assert subscriptions(platform) == []
    assert "was not subscribed" in await platform.say("digest off")


async def test_a_digest_is_subscribed_in_a_channel_only(platform: Driver) -> None:
    seen = await platform.say("digest here", where=Where.PRIVATE)
    assert NOT_A_CHANNEL in seen
    assert subscriptions(platform) == []


async def test_digest_words_not_understood_say_what_would_be(platform: Driver) -> None:
    seen = await platform.say("digest here someday")
    assert "'someday'" in seen and "digest here [weekday HH:MM]" in seen


async def test_a_stranger_may_not_change_the_digest(platform: Driver) -> None:
    await platform.say("digest here")
    make_lead(platform.db, platform.user(Person.REPORTER))
    assert NOT_ALLOWED in await platform.say("digest off", who=Person.STRANGER)
    assert NOT_ALLOWED in await platform.say("digest here monday", who=Person.STRANGER)
    assert len(subscriptions(platform)) == 1
    assert await platform.submit_form(await platform.open_form()) == set()
    # Anyone may look at what the channel will get.
    assert "1 case logged" in await platform.say("digest preview", who=Person.STRANGER)
