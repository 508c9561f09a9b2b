"""A promise logged in Teams is nudged in the owner's personal chat by the one claim loop, and
the card's Done / Snooze / Renegotiate act on it and redraw it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import select

from storage.models import Commitment, Nudge
from tests.teams.activities import OWNER, REPORTER, installed, message, personal_chat, submit
from tests.teams.conftest import TeamsDriver
from tests.teams.fake_connector import Post
from tests.teams.test_form_flow import open_form, valid_form

LOGGED = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
# Friday 15:00 in New York is 20:00 UTC; "due today" comes two hours before.
DUE_NUDGE = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)


async def log_case(teams: TeamsDriver, owner: str = REPORTER, reporter: str = REPORTER,
                   customer: str = "Acme Corp") -> None:
    form = await open_form(teams, user=reporter)
    key = form.card["actions"][0]["data"]["submission_key"]
    value = {**valid_form(key), "commitment_0_owner": owner, "customer": customer}
    await teams.send(submit(teams.connector.url, value, reply_to=form.activity_id,
                            user=reporter))


async def nudged(teams: TeamsDriver) -> Post:
    await log_case(teams)
    await teams.tick(LOGGED)
    report = await teams.tick(DUE_NUDGE)
    assert report.sent == 1, report
    return teams.connector.cards_to(personal_chat(REPORTER))[-1]


def commitment(teams: TeamsDriver) -> Commitment:
    row = teams.db.run_sync(lambda s: s.exec(select(Commitment)).one())
    assert isinstance(row, Commitment)
    return row


def press(nudge: Post, title: str, **inputs: Any) -> dict[str, Any]:
    """The value Teams sends when `title` is unfolded, filled in and submitted."""
    (action,) = [a for a in nudge.card["actions"] if a["title"] == title]
    assert action["type"] == "Action.ShowCard"
    (button,) = action["card"]["actions"]
    return {**button["data"], **inputs}


async def test_a_nudge_notifies_with_a_summary_that_renders_no_typed_link(
    teams: TeamsDriver
) -> None:
    """Teams shows `summary` in notifications and the chat list; a `text` would be a second
    bubble above the card, rendered as Markdown."""
    await log_case(teams, customer="[pay here](https://evil.example)")
    await teams.tick(LOGGED)
    await teams.tick(DUE_NUDGE)
    nudge = teams.connector.cards_to(personal_chat(REPORTER))[-1]
    assert not nudge.activity.get("text")
    summary = nudge.activity["summary"]
    assert summary.startswith("Due today: your promise to")
    assert "[pay here](" not in summary and "\\[pay here\\]" in summary


async def test_the_due_nudge_reaches_the_owners_personal_chat(teams: TeamsDriver) -> None:
    nudge = await nudged(teams)
    texts = " ".join(e.get("text", "") for e in nudge.card["body"])
    assert "Due today" in texts and "Acme Corp" in texts and "{{DATE(2026-11-27T20:00:00Z" in texts
    # Nobody else to hand it to yet: no Reassign.
    assert [a["title"] for a in nudge.card["actions"]] == ["Done", "Snooze", "Renegotiate",
                                                           "View case"]
    assert nudge.authorization in {f"Bearer {t}" for t in teams.connector.issued_tokens}
    row = teams.db.run_sync(lambda s: s.exec(select(Nudge)).one())
    assert (row.status, row.message_ts) == ("sent", nudge.activity_id)


async def test_done_marks_the_promise_kept_and_redraws_the_card(teams: TeamsDriver) -> None:
    nudge = await nudged(teams)
    value = press(nudge, "Done", note="Refund sent", reaction="pleased")
    response = await teams.send(submit(teams.connector.url, value, reply_to=nudge.activity_id))
    assert response.status_code == 202
    row = commitment(teams)
    assert (row.status, row.outcome_note, row.customer_reaction) == ("done", "Refund sent",
                                                                      "pleased")
    redrawn = teams.connector.posts[-1]
    assert (redrawn.method, redrawn.activity_id) == ("PUT", nudge.activity_id)
    assert redrawn.card["body"][0]["text"].startswith("Done, kept on time")
    assert "actions" not in redrawn.card
    assert (await teams.tick(datetime(2026, 11, 30, 14, 0, tzinfo=UTC))).sent == 0


async def test_renegotiating_without_telling_the_customer_refreshes_the_card(
        teams: TeamsDriver) -> None:
    nudge = await nudged(teams)
    value = press(nudge, "Renegotiate", new_date="2026-12-04", customer_informed="false")
    await teams.send(submit(teams.connector.url, value, reply_to=nudge.activity_id))
    refreshed = teams.connector.posts[-1]
    assert refreshed.method == "PUT"
    assert any("Tell the customer first" in e.get("text", "") for e in refreshed.card["body"])
    assert refreshed.card["body"][0]["text"] == nudge.card["body"][0]["text"]  # its headline
    (panel,) = [a for a in refreshed.card["actions"] if a["title"] == "Renegotiate"]
    typed = {e["id"]: e.get("value") for e in panel["card"]["body"]}
    assert typed["new_date"] == "2026-12-04"  # what was typed is still there
    assert refreshed.card["actions"][-1]["title"] == "View case"  # still a way to the case
    assert commitment(teams).slips == 0
    value = press(nudge, "Renegotiate", new_date="2026-12-04", customer_informed="true")
    await teams.send(submit(teams.connector.url, value, reply_to=nudge.activity_id))
    row = commitment(teams)
    assert (row.due_date.isoformat(), row.slips) == ("2026-12-04", 1)


async def test_snooze_for_an_hour(teams: TeamsDriver) -> None:
    nudge = await nudged(teams)
    await teams.send(submit(teams.connector.url, press(nudge, "Snooze", snooze_choice="1h"),
                            reply_to=nudge.activity_id))
    assert "Snoozed" in teams.connector.posts[-1].card["body"][0]["text"]


async def test_someone_else_is_refused(teams: TeamsDriver) -> None:
    # Olga is neither owner, reporter nor lead: Steve installed the app first, and leads.
    await teams.send(installed(teams.connector.url, user=REPORTER))
    await teams.send(installed(teams.connector.url, user=OWNER))
    nudge = await nudged(teams)
    await teams.send(submit(teams.connector.url, press(nudge, "Done"), reply_to=nudge.activity_id,
                            user=OWNER))
    (reply,) = teams.connector.sent_to(personal_chat(OWNER))[-1:]
    assert "Only the owner" in reply.activity["text"]
    assert commitment(teams).status == "open"


async def test_an_owner_who_never_talked_to_the_bot_cannot_be_picked(teams: TeamsDriver) -> None:
    await log_case(teams, owner=OWNER)
    refreshed = teams.connector.posts[-1]
    assert refreshed.method == "PUT"
    assert any("Pick someone from the list" in e.get("text", "") for e in refreshed.card["body"])


async def test_an_owner_is_nudged_in_their_own_chat(teams: TeamsDriver) -> None:
    await teams.send(installed(teams.connector.url, user=OWNER))  # the app installed for Olga
    assert "angrycall" in teams.connector.sent_to(personal_chat(OWNER))[0].activity["text"]
    await log_case(teams, owner=OWNER)
    told = teams.connector.sent_to(personal_chat(OWNER))[-1]
    assert "you owe the follow-up" in told.activity["summary"]
    await teams.tick(LOGGED)
    # Olga is in Berlin (her client said so): Friday 15:00 there is 14:00 UTC.
    assert (await teams.tick(datetime(2026, 11, 27, 12, 0, tzinfo=UTC))).sent == 1
    assert "Due today" in teams.connector.cards_to(personal_chat(OWNER))[-1].card["body"][0][
        "text"]


async def test_help(teams: TeamsDriver) -> None:
    await teams.send(message(teams.connector.url, "help"))
    assert "angrycall digest here" in teams.connector.posts[-1].activity["text"]
