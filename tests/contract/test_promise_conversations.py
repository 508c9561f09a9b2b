"""A promise made for someone else, on both platforms: its owner accepts or declines it; a
decline goes back to whoever logged it, who reassigns it or drops it. Each refusal is said the
same way on Slack and on Teams (commands.promise_conversations decides, commands.refusals says).
"""

from __future__ import annotations

from sqlmodel import select

from commands import refusals
from storage.models import Commitment
from storage.models import Person as Someone
from tests.contract.drivers import Driver, Person, Where


def commitment(platform: Driver) -> Commitment:
    row = platform.db.run_sync(lambda s: s.exec(select(Commitment)).one())
    assert isinstance(row, Commitment)
    return row


def owner(platform: Driver) -> str:
    """Who owes the promise now (its owner's platform user id)."""
    query = select(Someone.user_id).join(Commitment, Commitment.owner_id == Someone.id)
    user_id = platform.db.run_sync(lambda s: s.exec(query).one())
    assert isinstance(user_id, str)
    return user_id


async def declined(platform: Driver, reason: str = "Away on Friday") -> None:
    asked = await platform.promise_for_owner()
    await platform.decline(asked, reason)
    assert commitment(platform).acceptance == "declined"


async def test_the_owner_accepts_a_promise_made_for_them(platform: Driver) -> None:
    asked = await platform.promise_for_owner()
    assert platform.buttons(asked) == ["Accept", "Decline"]
    assert commitment(platform).acceptance == "pending"
    assert "You accepted" in await platform.accept(asked)
    assert commitment(platform).acceptance == "accepted"


async def test_only_the_owner_answers(platform: Driver) -> None:
    asked = await platform.promise_for_owner()
    assert refusals.PROMISE_NOT_OWNER in await platform.accept(asked, who=Person.REPORTER)
    assert commitment(platform).acceptance == "pending"


async def test_a_decline_without_a_reason_is_refused(platform: Driver) -> None:
    asked = await platform.promise_for_owner()
    assert refusals.DECLINE_REASON_NEEDED in await platform.decline(asked, "  ")
    assert commitment(platform).acceptance == "pending"


async def test_a_decline_goes_back_to_the_reporter_with_three_ways_on(platform: Driver) -> None:
    asked = await platform.promise_for_owner()
    await platform.decline(asked, "Away on Friday")
    row = commitment(platform)
    assert (row.acceptance, row.decline_reason, row.status) == ("declined", "Away on Friday",
                                                                "open")
    to_reporter = await platform.last_message(Person.REPORTER)
    assert platform.buttons(to_reporter) == ["Reassign", "Renegotiate", "Drop it"]
    assert "Away on Friday" in str(to_reporter.handle)


async def test_a_declined_promise_is_reassigned_and_the_new_owner_asked(
        platform: Driver) -> None:
    await declined(platform)
    to_reporter = await platform.last_message(Person.REPORTER)
    assert "Reassigned" in await platform.reassign(to_reporter, Person.STRANGER)
    assert owner(platform) == platform.user(Person.STRANGER)
    assert commitment(platform).acceptance == "pending"
    handed = await platform.last_message(Person.STRANGER)
    assert platform.buttons(handed) == ["Accept", "Decline"]


async def test_reassigning_to_nobody_is_refused(platform: Driver) -> None:
    await declined(platform)
    to_reporter = await platform.last_message(Person.REPORTER)
    assert refusals.PICK_SOMEONE in await platform.reassign(to_reporter, None)
    assert owner(platform) == platform.user(Person.OWNER)


async def test_a_declined_promise_is_dropped_with_a_note(platform: Driver) -> None:
    await declined(platform)
    to_reporter = await platform.last_message(Person.REPORTER)
    assert refusals.DROP_NOTE_NEEDED in await platform.drop(to_reporter, " ")
    assert commitment(platform).status == "open"
    assert "Dropped" in await platform.drop(to_reporter, "Told them we can't")
    row = commitment(platform)
    assert (row.status, row.outcome_note) == ("dropped", "Told them we can't")


async def test_a_stranger_may_not_reassign_someone_elses_promise(platform: Driver) -> None:
    await platform.say("help", who=Person.STRANGER, where=Where.PRIVATE)  # first contact
    nudge = await platform.nudge()
    seen = await platform.reassign(nudge, Person.STRANGER, who=Person.STRANGER)
    assert refusals.PROMISE_NOT_ALLOWED in seen
    assert owner(platform) == platform.user(Person.REPORTER)
