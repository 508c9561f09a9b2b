""""Log difficult conversation" on a Teams message: a dialog with the form prefilled from the
message, validated and stored like the personal chat's form; errors redraw the dialog, success
closes it and confirms in the reporter's personal chat."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlmodel import select

from bot.teams.message_text import html_text, message_text
from bot.teams.package import DEFAULT_SOURCE
from storage.models import Case
from tests.teams.activities import REPORTER, in_channel, installed, personal_chat
from tests.teams.conftest import TeamsDriver
from tests.teams.test_card_schema import problems
from tests.teams.test_form_flow import inputs, valid_form

COMMAND = "logDifficultConversation"
MESSAGE_HTML = ("<p>Acme Corp called: charged twice &amp; <b>furious</b>.</p>"
                "<p>I promised a refund by Friday &lt;3</p><script>x()</script>")


def invoke(teams: TeamsDriver, name: str, value: dict[str, Any]) -> dict[str, Any]:
    """An invoke from a channel message's "…" menu (the app need not be in a personal chat)."""
    activity = in_channel(teams.connector.url, "")
    for key in ("text", "entities"):
        activity.pop(key)
    return {**activity, "type": "invoke", "name": name,
            "value": {"commandId": COMMAND, "commandContext": "message", **value}}


async def fetch(teams: TeamsDriver, html: str = MESSAGE_HTML) -> dict[str, Any]:
    payload = {"messagePayload": {"id": "1732460000000", "body": {"contentType": "html",
                                                                  "content": html}}}
    response = await teams.send(invoke(teams, "composeExtension/fetchTask", payload))
    assert response.status_code == 200
    task = response.json()["task"]
    assert task["type"] == "continue"
    card: dict[str, Any] = task["value"]["card"]["content"]
    return card


async def submit_dialog(teams: TeamsDriver, data: dict[str, Any]) -> Any:
    response = await teams.send(invoke(teams, "composeExtension/submitAction", {"data": data}))
    assert response.status_code == 200
    return response.json() if response.content else None


def key_of(card: dict[str, Any]) -> str:
    return str(card["actions"][0]["data"]["submission_key"])


def cases(teams: TeamsDriver) -> list[Case]:
    return list(teams.db.run_sync(lambda s: s.exec(select(Case)).all()))


async def test_the_dialog_holds_the_form_prefilled_from_the_message(teams: TeamsDriver) -> None:
    card = await fetch(teams)
    fields = inputs(card)
    assert fields["what_happened"]["value"] == (
        "Acme Corp called: charged twice & furious.\n\nI promised a refund by Friday <3")
    assert problems(card) == []


async def test_a_valid_dialog_closes_and_is_confirmed_in_the_personal_chat(
        teams: TeamsDriver) -> None:
    await teams.send(installed(teams.connector.url))
    key = key_of(await fetch(teams))
    assert await submit_dialog(teams, valid_form(key)) is None  # the dialog closes
    (case,) = cases(teams)
    assert case.customer == "Acme Corp"
    confirmation = teams.connector.cards_to(personal_chat(REPORTER))[-1]
    assert f"Case #{case.id} logged" in confirmation.card["body"][0]["text"]
    # Pressed again (a double click): the case already stored, nothing twice.
    assert await submit_dialog(teams, valid_form(key)) is None
    assert len(cases(teams)) == 1
    assert len(teams.connector.cards_to(personal_chat(REPORTER))) == 1


async def test_mistakes_redraw_the_dialog_with_what_was_typed(teams: TeamsDriver) -> None:
    key = key_of(await fetch(teams))
    answer = await submit_dialog(teams, {**valid_form(key), "customer": " ",
                                         "commitment_0_due_date": "2026-11-20"})
    card = answer["task"]["value"]["card"]["content"]
    errors = {e["id"] for e in card["body"] if e.get("color") == "attention" and "id" in e}
    assert {"customer_error", "commitment_0_due_date_error"} <= errors
    assert inputs(card)["what_happened"]["value"] == "Charged twice for November"
    assert cases(teams) == []


async def test_another_commitment_grows_the_dialog(teams: TeamsDriver) -> None:
    key = key_of(await fetch(teams))
    answer = await submit_dialog(teams, {**valid_form(key), "verb": "add_commitment"})
    card = answer["task"]["value"]["card"]["content"]
    assert "commitment_1_promise" in inputs(card)
    assert inputs(card)["customer"]["value"] == "Acme Corp"


async def test_without_a_personal_chat_the_dialog_says_it_was_logged(teams: TeamsDriver) -> None:
    key = key_of(await fetch(teams))
    answer = await submit_dialog(teams, valid_form(key))
    assert answer["task"]["type"] == "message"
    assert "Case #" in answer["task"]["value"] and len(cases(teams)) == 1


async def test_a_dialog_without_its_key_is_out_of_date(teams: TeamsDriver) -> None:
    answer = await submit_dialog(teams, {**valid_form("x"), "submission_key": "../x"})
    assert "out of date" in answer["task"]["value"]
    assert cases(teams) == []


def test_message_text_is_what_the_reader_saw() -> None:
    assert html_text('<div>Hi <at id="0">Olga</at>,<br>it&#39;s &quot;urgent&quot;</div>') == (
        "Hi Olga,\nit's \"urgent\"")
    assert message_text({"messagePayload": {"body": {"contentType": "text",
                                                     "content": " plain <b> "}}}) == "plain <b>"
    assert message_text({"messagePayload": "junk"}) == message_text(None) == ""


def test_the_manifest_offers_the_message_action() -> None:
    manifest = json.loads((DEFAULT_SOURCE / "manifest.json").read_text())
    (extension,) = manifest["composeExtensions"]
    (command,) = extension["commands"]
    assert extension["botId"] == "{{TEAMS_APP_ID}}"
    assert (command["type"], command["context"], command["fetchTask"], command["title"]) == (
        "action", ["message"], True, "Log difficult conversation")


async def test_an_added_commitment_can_be_removed_in_the_dialog(teams: TeamsDriver) -> None:
    key = key_of(await fetch(teams))
    form = {**valid_form(key), "commitment_count": 2, "commitment_1_promise": "Send the memo"}
    answer = await submit_dialog(teams, {**form, "verb": "remove_commitment",
                                         "remove_index": 1})
    card = answer["task"]["value"]["card"]["content"]
    assert "commitment_1_promise" not in inputs(card)
    assert inputs(card)["commitment_0_promise"]["value"] == valid_form(key)[
        "commitment_0_promise"]


async def test_malformed_invokes_get_an_answer_not_an_error(
        teams: TeamsDriver, caplog: pytest.LogCaptureFixture) -> None:
    for name, value in (("composeExtension/fetchTask", {"messagePayload": 7}),
                        ("composeExtension/submitAction", {"data": "junk"}),
                        ("composeExtension/submitAction", {"data": {"submission_key": [1]}})):
        response = await teams.send(invoke(teams, name, value))
        assert response.status_code == 200, response.text
        assert "task" in response.json()
    assert [r for r in caplog.records if r.levelname == "ERROR"] == []
    assert cases(teams) == []
