"""`angrycall` in a personal chat: the form card, its validation by refresh, the stored case."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from storage.models import Case, Commitment, Person
from storage.teams_addresses import MAX_KNOWN_PEOPLE, save_personal_address
from storage.workspaces import find_workspace
from tests.teams.activities import (
    OWNER,
    REPORTER,
    TENANT,
    installed,
    message,
    personal_chat,
    submit,
)
from tests.teams.conftest import TeamsDriver
from tests.teams.fake_connector import Post


def valid_form(key: str) -> dict[str, Any]:
    return {
        "verb": "log_case", "submission_key": key, "commitment_count": 1,
        "customer": "Acme Corp", "contact_channel": "phone", "anger_level": "4",
        "what_happened": "Charged twice for November", "agreed": "Refund, call back Friday",
        "deescalation_steps_upset": "let_vent,apologize", "share_consent": "true",
        "commitment_0_owner": REPORTER,
        "commitment_0_due_date": "2026-11-27", "commitment_0_due_time": "15:00",
        "commitment_0_promise": "Call back with the refund confirmation",
    }


def inputs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in card["body"] if e["type"].startswith("Input.")}


async def open_form(teams: TeamsDriver, user: str = REPORTER) -> Post:
    response = await teams.send(message(teams.connector.url, "angrycall", user=user))
    assert response.status_code == 202
    return teams.connector.cards_to(personal_chat(user))[-1]


async def test_angrycall_answers_with_the_form(teams: TeamsDriver) -> None:
    post = await open_form(teams)
    fields = inputs(post.card)
    assert fields["customer"]["type"] == "Input.Text"
    assert fields["commitment_0_due_date"]["type"] == "Input.Date"
    assert fields["anger_level"]["type"] == "Input.ChoiceSet"
    assert fields["share_consent"]["type"] == "Input.Toggle"
    assert fields["commitment_0_owner"]["value"] == REPORTER
    submit_action = post.card["actions"][0]
    assert (submit_action["type"], submit_action["data"]["verb"]) == ("Action.Submit", "log_case")
    # The reply carried the token the fake token endpoint issued to our app's credentials.
    assert post.authorization in {f"Bearer {t}" for t in teams.connector.issued_tokens}


async def test_first_contact_records_the_personal_chat(teams: TeamsDriver) -> None:
    await open_form(teams)
    person = teams.db.run_sync(lambda s: s.exec(select(Person)).one())
    assert person.user_id == REPORTER and person.tz == "America/New_York"
    assert person.address["teams"]["conversation"]["id"] == personal_chat(REPORTER)
    assert person.address["teams"]["serviceUrl"] == teams.connector.url


async def test_mistakes_refresh_the_card_and_store_nothing(teams: TeamsDriver) -> None:
    form = await open_form(teams)
    key = form.card["actions"][0]["data"]["submission_key"]
    value = {**valid_form(key), "customer": " ", "commitment_0_due_date": "2026-11-20"}
    response = await teams.send(submit(teams.connector.url, value, reply_to=form.activity_id))
    assert response.status_code == 202
    (update,) = [p for p in teams.connector.posts if p.method == "PUT"]
    assert update.activity_id == form.activity_id
    errors = {e["id"]: e["text"] for e in update.card["body"] if e.get("color") == "attention"
              and "id" in e}
    assert "Who was the customer" in errors["customer_error"]
    assert "in the past" in errors["commitment_0_due_date_error"]
    # What was typed stays in the refreshed card.
    assert inputs(update.card)["commitment_0_promise"]["value"].startswith("Call back")
    assert teams.db.run_sync(lambda s: s.exec(select(Case)).all()) == []


async def test_a_valid_submit_stores_the_case_once(teams: TeamsDriver) -> None:
    form = await open_form(teams)
    key = form.card["actions"][0]["data"]["submission_key"]
    for _ in range(2):  # a double press stores one case
        await teams.send(submit(teams.connector.url, valid_form(key), reply_to=form.activity_id))
    case = teams.db.run_sync(lambda s: s.exec(select(Case)).one())
    assert (case.customer, case.anger_level, case.share_consent) == ("Acme Corp", 4, True)
    commitment = teams.db.run_sync(lambda s: s.exec(select(Commitment)).one())
    assert commitment.due_zone == "America/New_York"
    assert commitment.due_at.isoformat() == "2026-11-27T20:00:00+00:00"
    updates = [p for p in teams.connector.posts if p.method == "PUT"]
    assert "logged" in updates[-1].card["body"][0]["text"]
    assert "actions" not in updates[-1].card


async def test_add_another_commitment_grows_the_card_and_keeps_what_was_typed(
        teams: TeamsDriver) -> None:
    form = await open_form(teams)
    (_log, add) = form.card["actions"]
    value = {**add["data"], "customer": "Acme Corp", "commitment_0_promise": "Refund"}
    await teams.send(submit(teams.connector.url, value, reply_to=form.activity_id))
    grown = teams.connector.posts[-1]
    assert grown.method == "PUT"
    fields = inputs(grown.card)
    assert "commitment_1_promise" in fields
    assert (fields["customer"]["value"], fields["commitment_0_promise"]["value"]) == (
        "Acme Corp", "Refund")
    assert grown.card["actions"][0]["data"]["commitment_count"] == 2


async def test_remove_takes_an_added_commitment_out_and_keeps_the_others(
        teams: TeamsDriver) -> None:
    form = await open_form(teams)
    add = form.card["actions"][1]
    value = {**add["data"], "commitment_count": 2, "customer": "Acme Corp",
             "commitment_0_promise": "Refund", "commitment_1_promise": "Oops",
             "commitment_2_promise": "Call back"}
    await teams.send(submit(teams.connector.url, value, reply_to=form.activity_id))
    grown = teams.connector.posts[-1].card
    removers = [e["actions"][0] for e in grown["body"] if e["type"] == "ActionSet"]
    (remove_second,) = [a for a in removers if a["data"]["remove_index"] == 1]
    value = {**remove_second["data"], "customer": "Acme Corp", "commitment_0_promise": "Refund",
             "commitment_1_promise": "Oops", "commitment_2_promise": "Call back"}
    await teams.send(submit(teams.connector.url, value, reply_to=form.activity_id))
    shrunk = teams.connector.posts[-1]
    assert shrunk.method == "PUT"
    fields = inputs(shrunk.card)
    assert (fields["customer"]["value"], fields["commitment_0_promise"]["value"],
            fields["commitment_1_promise"]["value"]) == ("Acme Corp", "Refund", "Call back")
    assert "commitment_2_promise" not in fields
    assert shrunk.card["actions"][0]["data"]["commitment_count"] == 2


async def test_a_time_without_a_day_is_refused_not_dropped(teams: TeamsDriver) -> None:
    form = await open_form(teams)
    key = form.card["actions"][0]["data"]["submission_key"]
    value = {**valid_form(key), "occurred_time": "10:00"}
    await teams.send(submit(teams.connector.url, value, reply_to=form.activity_id))
    refreshed = teams.connector.posts[-1].card
    order = [e.get("id") for e in refreshed["body"]]
    assert order[order.index("occurred_time") + 1] == "occurred_time_error"
    assert teams.db.run_sync(lambda s: s.exec(select(Case)).all()) == []


async def test_an_owner_past_the_pickers_first_hundred_can_be_chosen(teams: TeamsDriver) -> None:
    # The picker lists 100 people; a card from before the 101st arrived, or naming anyone
    # reachable, must not be refused because the check read the same truncated list.
    form = await open_form(teams)
    workspace = await find_workspace(teams.db, platform="teams", external_id=TENANT)
    assert workspace is not None and workspace.id is not None
    for number in range(MAX_KNOWN_PEOPLE):
        await save_personal_address(teams.db, workspace_id=workspace.id, user_id=f"p{number}",
                                    display_name=f"Aaron {number:03d}", reference={"x": 1})
    await teams.send(installed(teams.connector.url, user=OWNER))  # "Olga": after the Aarons
    key = form.card["actions"][0]["data"]["submission_key"]
    value = {**valid_form(key), "commitment_0_owner": OWNER}
    await teams.send(submit(teams.connector.url, value, reply_to=form.activity_id))
    commitment = teams.db.run_sync(lambda s: s.exec(select(Commitment)).one())
    assert commitment.due_zone == "Europe/Berlin"  # Olga's


def travelled(activity: dict[str, Any], zone: str) -> dict[str, Any]:
    """The same activity from a Teams client set to another timezone."""
    return {**activity, "localTimezone": zone,
            "entities": [{**activity["entities"][0], "timezone": zone}]}


async def test_a_case_logged_right_after_a_move_reads_the_new_zone(teams: TeamsDriver) -> None:
    url = teams.connector.url
    for zone in ("America/New_York", "America/New_York", "Asia/Tokyo"):
        response = await teams.send(travelled(message(url, "angrycall"), zone))
        assert response.status_code == 202
        form = teams.connector.cards_to(personal_chat(REPORTER))[-1]
        key = form.card["actions"][0]["data"]["submission_key"]
        await teams.send(travelled(submit(url, valid_form(key), reply_to=form.activity_id), zone))
    # The second case's zone was remembered; the message from Tokyo recorded the new one.
    zones = teams.db.run_sync(lambda s: list(s.exec(select(Commitment.due_zone)
                                                    .order_by(Commitment.id)).all()))
    assert zones == ["America/New_York", "America/New_York", "Asia/Tokyo"]
