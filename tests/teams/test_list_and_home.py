"""Teams: `list` (my open promises with their buttons) and `home` (my record; the team's for
leads) in the personal chat, like Slack's `/angrycall list` and App Home."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, select

from storage.models import Commitment, Workspace
from tests.teams.activities import (
    OTHER,
    OWNER,
    REPORTER,
    in_channel,
    installed,
    message,
    personal_chat,
    submit,
)
from tests.teams.conftest import TeamsDriver
from tests.teams.fake_connector import Post
from tests.teams.test_nudges import log_case


async def ask(teams: TeamsDriver, text: str, user: str = REPORTER) -> Post:
    await teams.send(message(teams.connector.url, text, user=user))
    return teams.connector.sent_to(personal_chat(user))[-1]


def items(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in card["body"] if e["type"] == "Container"]


def titles(item: dict[str, Any]) -> list[str]:
    (actions,) = [e for e in item["items"] if e["type"] == "ActionSet"]
    return [a["title"] for a in actions["actions"]]


def make_lead(teams: TeamsDriver, user: str) -> None:
    def update(session: Session) -> None:
        for workspace in session.exec(select(Workspace)).all():
            workspace.lead_user_ids = [user]
            session.add(workspace)

    teams.db.run_sync(update)


def due_earlier(teams: TeamsDriver, commitment_id: int | None, at: datetime) -> None:
    def update(session: Session) -> None:
        row = session.exec(select(Commitment).where(Commitment.id == commitment_id)).one()
        row.due_at = at
        session.add(row)

    teams.db.run_sync(update)


async def test_list_shows_my_promises_soonest_first_with_their_buttons(
        teams: TeamsDriver) -> None:
    for user in (OWNER, OTHER):
        await teams.send(installed(teams.connector.url, user=user))
    await log_case(teams, customer="Later Ltd")
    await log_case(teams, customer="Overdue Inc")
    rows = teams.db.run_sync(lambda s: s.exec(select(Commitment)).all())
    # The later-logged one falls due before FIXED_NOW: overdue, and listed first.
    due_earlier(teams, max(row.id or 0 for row in rows), datetime(2026, 11, 20, tzinfo=UTC))
    card = (await ask(teams, "list")).card
    assert card["body"][0]["text"] == "Your open promises (2), soonest first"
    soonest, later = items(card)
    assert "Overdue" in soonest["items"][0]["text"] and "Overdue Inc" in soonest["items"][0][
        "text"]
    assert "Overdue" not in later["items"][0]["text"]
    assert titles(soonest) == ["Done", "Snooze", "Renegotiate", "Reassign", "View case"]


def input_ids(card: Any) -> list[str]:
    if isinstance(card, dict):
        own = [card["id"]] if str(card.get("type", "")).startswith("Input.") else []
        return own + [i for value in card.values() for i in input_ids(value)]
    if isinstance(card, list):
        return [i for value in card for i in input_ids(value)]
    return []


async def test_each_promise_of_the_list_has_inputs_of_its_own(teams: TeamsDriver) -> None:
    """A card's input ids are unique; Done in the second promise's form acts on that one."""
    await log_case(teams, customer="First Ltd")
    await log_case(teams, customer="Second Ltd")
    post = await ask(teams, "list")
    ids = input_ids(post.card)
    assert len(ids) == len(set(ids)) > 0
    second = items(post.card)[1]
    (actions,) = [e for e in second["items"] if e["type"] == "ActionSet"]
    (done,) = [a for a in actions["actions"] if a["title"] == "Done"]
    note, reaction = (e["id"] for e in done["card"]["body"])
    data = {**done["card"]["actions"][0]["data"], note: "Refunded", reaction: "pleased"}
    await teams.send(submit(teams.connector.url, data, reply_to=post.activity_id))
    rows = teams.db.run_sync(lambda s: s.exec(select(Commitment)).all())
    (kept,) = [row for row in rows if row.status == "done"]
    assert (kept.id, kept.outcome_note) == (data["commitment_id"], "Refunded")


async def test_a_promise_awaiting_my_yes_offers_accept_and_decline(teams: TeamsDriver) -> None:
    # Steve installs first, so he, not Olga, is the first lead (issue 13).
    await teams.send(installed(teams.connector.url, user=REPORTER))
    await teams.send(installed(teams.connector.url, user=OWNER))
    await log_case(teams, owner=OWNER)
    card = (await ask(teams, "angrycall list", user=OWNER)).card
    (item,) = items(card)
    assert "Waiting for your yes" in item["items"][0]["text"]
    assert titles(item) == ["Accept", "Decline", "View case"]
    (actions,) = [e for e in item["items"] if e["type"] == "ActionSet"]
    accept = actions["actions"][0]["data"]
    post = teams.connector.sent_to(personal_chat(OWNER))[-1]
    await teams.send(submit(teams.connector.url, accept, reply_to=post.activity_id, user=OWNER))
    row = teams.db.run_sync(lambda s: s.exec(select(Commitment)).one())
    assert row.acceptance == "accepted"


async def test_a_long_list_says_how_many_it_shows_of_how_many(teams: TeamsDriver) -> None:
    for number in range(8):
        await log_case(teams, customer=f"Customer {number}")
    card = (await ask(teams, "list")).card
    assert card["body"][0]["text"].startswith("Your open promises: the soonest 6 of 8.")
    assert len(items(card)) == 6


async def test_an_empty_list_says_so(teams: TeamsDriver) -> None:
    card = (await ask(teams, "list")).card
    assert "no open promises" in card["body"][0]["text"]


async def test_list_and_home_stay_out_of_channels(teams: TeamsDriver) -> None:
    await log_case(teams)
    before = len(teams.connector.posts)
    await teams.send(in_channel(teams.connector.url, "list"))
    (answer,) = teams.connector.posts[before:]
    assert "personal chat" in answer.activity["text"]
    assert not answer.activity.get("attachments")


async def test_home_shows_my_promises_record_cases_and_what_awaits_a_yes(
        teams: TeamsDriver) -> None:
    await teams.send(installed(teams.connector.url, user=OWNER))  # Olga installs: she leads
    await log_case(teams, customer="Mine Corp")
    await log_case(teams, owner=OWNER, customer="Theirs Corp")
    text = str((await ask(teams, "home")).card["body"])
    assert "Your open promises (1), soonest first" in text and "Mine Corp" in text
    assert "promise-kept rate" in text
    assert "Cases you logged" in text and "Theirs Corp" in text
    assert "not accepted yet" in text and "Olga Owner" in text
    assert "you are a lead" not in text


async def test_a_lead_home_shows_the_team_with_due_dates(teams: TeamsDriver) -> None:
    # Steve installs first, so he, not Olga, is the first lead (issue 13).
    await teams.send(installed(teams.connector.url, user=REPORTER))
    await teams.send(installed(teams.connector.url, user=OWNER))
    await log_case(teams, owner=OWNER, customer="Team Corp")
    make_lead(teams, OTHER)
    home = (await ask(teams, "home", user=OTHER)).card
    text = str(home["body"])
    assert "Your team (you are a lead)" in text
    assert "1 open promises" in text and "1 cases logged in the last 7 days" in text
    assert "Olga Owner" in text and "Team Corp" in text and "due {{DATE(" in text
    log, listing = home["actions"]
    post = teams.connector.sent_to(personal_chat(OTHER))[-1]
    await teams.send(submit(teams.connector.url, listing["data"], reply_to=post.activity_id,
                            user=OTHER))
    assert "no open promises" in teams.connector.sent_to(personal_chat(OTHER))[-1].card[
        "body"][0]["text"]
    await teams.send(submit(teams.connector.url, log["data"], reply_to=post.activity_id,
                            user=OTHER))
    form = teams.connector.sent_to(personal_chat(OTHER))[-1].card
    assert form["body"][0]["text"] == "Log a difficult conversation"
