"""Teams: View case (everything logged, promises, notes, status, timeline) for its reporter,
owners and leads only; from its card add a note, edit, close and delete (reporter or lead)."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from commands.refusals import CASE_NOT_HERE
from storage.models import Case
from tests.teams.activities import (
    OTHER,
    OWNER,
    REPORTER,
    in_channel,
    installed,
    personal_chat,
    submit,
)
from tests.teams.conftest import TeamsDriver
from tests.teams.fake_connector import Post
from tests.teams.test_list_and_home import make_lead
from tests.teams.test_nudges import log_case, nudged


def case(teams: TeamsDriver) -> Case | None:
    row = teams.db.run_sync(lambda s: s.exec(select(Case)).first())
    assert row is None or isinstance(row, Case)
    return row


async def view(teams: TeamsDriver, user: str = REPORTER) -> Post:
    """Press View case (its data as the list sends it)."""
    row = case(teams)
    assert row is not None
    data = {"verb": "case_view", "case_id": row.id}
    await teams.send(submit(teams.connector.url, data, reply_to="list-card", user=user))
    return teams.connector.sent_to(personal_chat(user))[-1]


def action(card: dict[str, Any], title: str) -> dict[str, Any]:
    (found,) = [a for a in card["actions"] if a["title"] == title]
    return found


async def press(teams: TeamsDriver, post: Post, title: str, user: str = REPORTER,
                **inputs: Any) -> Post:
    pressed = action(post.card, title)
    if pressed["type"] == "Action.ShowCard":
        (pressed,) = pressed["card"]["actions"]
    await teams.send(submit(teams.connector.url, {**pressed["data"], **inputs},
                            reply_to=post.activity_id, user=user))
    return teams.connector.sent_to(personal_chat(user))[-1]


async def test_the_reporter_sees_everything_logged_and_every_way_on(teams: TeamsDriver) -> None:
    # Steve installs first, so he, not Olga, is the first lead (issue 13).
    await teams.send(installed(teams.connector.url, user=REPORTER))
    await teams.send(installed(teams.connector.url, user=OWNER))
    await log_case(teams, owner=OWNER)
    post = await view(teams)
    text = str(post.card["body"])
    assert "Case #" in text and "Acme Corp" in text and "Charged twice for November" in text
    assert "Refund, call back Friday" in text and "Let them vent" in text.replace("\\", "")
    assert "Promise by Olga Owner" in text and "Status: open" in text
    assert "Timeline" in text and "Case logged" in text and "Steve Reporter" in text
    assert [a["title"] for a in post.card["actions"]] == ["Add a note", "Edit",
                                                         "Close the case", "Delete"]


async def test_an_owner_sees_it_and_adds_a_note_but_does_not_manage_it(
        teams: TeamsDriver) -> None:
    # Steve installs first, so he, not Olga, is the first lead (issue 13).
    await teams.send(installed(teams.connector.url, user=REPORTER))
    await teams.send(installed(teams.connector.url, user=OWNER))
    await log_case(teams, owner=OWNER)
    post = await view(teams, user=OWNER)
    assert [a["title"] for a in post.card["actions"]] == ["Add a note"]
    redrawn = await press(teams, post, "Add a note", user=OWNER, note="Called, left a message")
    assert redrawn.method == "PUT" and redrawn.activity_id == post.activity_id
    assert "Called, left a message" in str(redrawn.card["body"])
    assert "Note added" in str(redrawn.card["body"])
    # A tampered Close from the owner is refused by the use case.
    row = case(teams)
    assert row is not None
    await teams.send(submit(teams.connector.url, {"verb": "case_close", "case_id": row.id,
                                                  "outcome": "lost"},
                            reply_to=post.activity_id, user=OWNER))
    assert "Only whoever logged the case" in teams.connector.posts[-1].activity["text"]
    assert (case(teams) or row).status == "open"
    for verb in ("case_edit", "case_save", "case_delete"):
        before = len(teams.connector.posts)
        await teams.send(submit(teams.connector.url, {"verb": verb, "case_id": row.id,
                                                      "customer": "Mine now"},
                                reply_to=post.activity_id, user=OWNER))
        (answer,) = teams.connector.posts[before:]
        assert "Only whoever logged the case" in answer.activity["text"]
    assert (case(teams) or row).customer == "Acme Corp"


async def test_a_stranger_sees_nothing(teams: TeamsDriver) -> None:
    await log_case(teams)
    post = await view(teams, user=OTHER)
    assert "Only the people on this case" in post.activity["text"]
    assert not post.activity.get("attachments")


async def test_an_empty_note_is_refused(teams: TeamsDriver) -> None:
    await log_case(teams)
    answer = await press(teams, await view(teams), "Add a note", note="  ")
    assert answer.activity["text"] == "Write a note first."


async def test_the_reporter_closes_it_with_outcome_and_mood(teams: TeamsDriver) -> None:
    await log_case(teams)
    post = await view(teams)
    answer = await press(teams, post, "Close the case", outcome="nonsense")
    assert answer.activity["text"] == "Pick an outcome."
    redrawn = await press(teams, post, "Close the case", outcome="retained", mood="4")
    row = case(teams)
    assert row is not None and (row.status, row.outcome, row.mood_after) == (
        "closed", "retained", 4)
    assert "Status: closed, customer retained, customer's mood after: 4/5" in str(
        redrawn.card["body"])
    assert "Close the case" not in [a["title"] for a in redrawn.card["actions"]]


async def test_a_lead_manages_a_case_and_deletes_it_after_confirming(teams: TeamsDriver) -> None:
    await log_case(teams)
    make_lead(teams, OTHER)
    post = await view(teams, user=OTHER)
    delete = action(post.card, "Delete")
    assert delete["type"] == "Action.ShowCard"  # the confirmation step comes first
    assert "can't be undone" in delete["card"]["body"][0]["text"]
    redrawn = await press(teams, post, "Delete", user=OTHER)
    assert case(teams) is None
    assert "is deleted" in redrawn.card["body"][0]["text"]


async def test_edit_is_the_form_prefilled_with_the_same_validation(teams: TeamsDriver) -> None:
    await log_case(teams)
    post = await view(teams)
    edit = await press(teams, post, "Edit")
    assert edit.method == "PUT"
    fields = {e["id"]: e for e in edit.card["body"] if e["type"].startswith("Input.")}
    assert fields["customer"]["value"] == "Acme Corp"
    assert fields["anger_level"]["value"] == "4"
    assert fields["deescalation_steps_upset"]["value"] == "let_vent,apologize"
    assert not any(name.startswith("commitment_") for name in fields)
    values = {name: e["value"] for name, e in fields.items() if "value" in e}
    refused = await press(teams, edit, "Save", **{**values, "customer": " "})
    assert "customer_error" in str(refused.card["body"])
    row = case(teams)
    assert row is not None and row.customer == "Acme Corp"
    saved = await press(teams, edit, "Save", **{**values, "customer": "Acme Holdings"})
    row = case(teams)
    assert row is not None and row.customer == "Acme Holdings"
    assert "Case edited" in str(saved.card["body"])
    back = await press(teams, await press(teams, saved, "Edit"), "Back to the case")
    assert back.method == "PUT" and back.card["body"][0]["text"].startswith("Case #")


async def test_a_nudge_offers_reassign_with_the_people_picker_and_view_case(
        teams: TeamsDriver) -> None:
    # Steve installs first, so he, not Olga, is the first lead (issue 13).
    await teams.send(installed(teams.connector.url, user=REPORTER))
    await teams.send(installed(teams.connector.url, user=OWNER))
    nudge = await nudged(teams)
    titles = [a["title"] for a in nudge.card["actions"]]
    assert titles == ["Done", "Snooze", "Renegotiate", "Reassign", "View case"]
    (picker,) = action(nudge.card, "Reassign")["card"]["body"]
    assert picker["choices.data"] == {"type": "Data.Query", "dataset": "angrycall.people"}
    assert [c["title"] for c in picker["choices"]] == ["Olga Owner"]
    shown = await press(teams, nudge, "View case")
    assert shown.method == "POST" and "Case #" in shown.card["body"][0]["text"]


async def test_a_tampered_case_id_is_refused_politely(teams: TeamsDriver) -> None:
    await log_case(teams)
    for case_id in (2**40, "abc", True, None, [1], -3):
        before = len(teams.connector.posts)
        response = await teams.send(submit(teams.connector.url,
                                           {"verb": "case_view", "case_id": case_id},
                                           reply_to="x"))
        assert response.status_code in {200, 202}
        (answer,) = teams.connector.posts[before:]
        assert "Only the people on this case" in answer.activity["text"]


async def test_a_case_pressed_in_a_channel_is_not_shown_there(teams: TeamsDriver) -> None:
    """A case card forwarded to a channel: pressing View case there shows nothing of it."""
    await log_case(teams)
    row = case(teams)
    assert row is not None
    pressed = in_channel(teams.connector.url, "")
    pressed.update(text=None, value={"verb": "case_view", "case_id": row.id}, replyToId="x")
    before = len(teams.connector.posts)
    await teams.send(pressed)
    (answer,) = teams.connector.posts[before:]
    assert answer.activity["text"] == CASE_NOT_HERE
    assert "Acme Corp" not in str(answer.activity)
