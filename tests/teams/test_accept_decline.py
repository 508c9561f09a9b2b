"""Teams: the owner of a promise made for them accepts or declines it; a decline goes back to
the reporter, who reassigns it, renegotiates it or drops it."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from storage.models import Commitment
from tests.teams.activities import OTHER, OWNER, REPORTER, installed, personal_chat, submit
from tests.teams.conftest import TeamsDriver
from tests.teams.fake_connector import Post
from tests.teams.test_nudges import log_case


def commitment(teams: TeamsDriver) -> Commitment:
    row = teams.db.run_sync(lambda s: s.exec(select(Commitment)).one())
    assert isinstance(row, Commitment)
    return row


def press(card_post: Post, title: str, **inputs: Any) -> dict[str, Any]:
    (action,) = [a for a in card_post.card["actions"] if a["title"] == title]
    if action["type"] == "Action.ShowCard":
        (action,) = action["card"]["actions"]
    return {**action["data"], **inputs}


async def asked(teams: TeamsDriver) -> Post:
    for user in (OWNER, OTHER):
        await teams.send(installed(teams.connector.url, user=user))
    await log_case(teams, owner=OWNER)
    card = teams.connector.cards_to(personal_chat(OWNER))[-1]
    assert [a["title"] for a in card.card["actions"]] == ["Accept", "Decline"]
    assert commitment(teams).acceptance == "pending"
    return card


async def test_the_owner_accepts(teams: TeamsDriver) -> None:
    card = await asked(teams)
    await teams.send(submit(teams.connector.url, press(card, "Accept"),
                            reply_to=card.activity_id, user=OWNER))
    assert commitment(teams).acceptance == "accepted"
    redrawn = teams.connector.posts[-1]
    assert redrawn.method == "PUT" and "You accepted" in redrawn.card["body"][0]["text"]
    assert [a["title"] for a in redrawn.card["actions"]] == ["Done", "Snooze", "Renegotiate",
                                                             "View case"]


async def test_only_the_owner_answers(teams: TeamsDriver) -> None:
    card = await asked(teams)
    await teams.send(submit(teams.connector.url, press(card, "Accept"),
                            reply_to=card.activity_id, user=REPORTER))
    assert commitment(teams).acceptance == "pending"


async def test_a_decline_goes_back_to_the_reporter_who_reassigns_it(teams: TeamsDriver) -> None:
    card = await asked(teams)
    await teams.send(submit(teams.connector.url, press(card, "Decline", reason=""),
                            reply_to=card.activity_id, user=OWNER))
    assert commitment(teams).acceptance == "pending"  # no reason, no decline
    await teams.send(submit(teams.connector.url, press(card, "Decline", reason="On leave"),
                            reply_to=card.activity_id, user=OWNER))
    row = commitment(teams)
    assert (row.acceptance, row.decline_reason) == ("declined", "On leave")
    to_reporter = teams.connector.cards_to(personal_chat(REPORTER))[-1]
    assert [a["title"] for a in to_reporter.card["actions"]] == ["Reassign", "Renegotiate",
                                                                 "Drop it"]
    assert "On leave" in str(to_reporter.card["body"])
    await teams.send(submit(teams.connector.url, press(to_reporter, "Reassign", new_owner=OTHER),
                            reply_to=to_reporter.activity_id))
    row = commitment(teams)
    assert row.acceptance == "pending" and row.decline_reason == ""
    handed = teams.connector.cards_to(personal_chat(OTHER))[-1]
    assert [a["title"] for a in handed.card["actions"]] == ["Accept", "Decline"]


async def test_the_reporter_drops_a_declined_promise(teams: TeamsDriver) -> None:
    card = await asked(teams)
    await teams.send(submit(teams.connector.url, press(card, "Decline", reason="Not mine"),
                            reply_to=card.activity_id, user=OWNER))
    to_reporter = teams.connector.cards_to(personal_chat(REPORTER))[-1]
    await teams.send(submit(teams.connector.url, press(to_reporter, "Drop it",
                                                       drop_note="Told the customer"),
                            reply_to=to_reporter.activity_id))
    row = commitment(teams)
    assert (row.status, row.outcome_note) == ("dropped", "Told the customer")
