"""A case after logging: viewing it, notes, closing with an outcome, deleting it."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlmodel import select

from storage.models import AuditEvent, Case, Commitment, Nudge
from tests.bot.conftest import AppDriver
from tests.bot.form_values import case_values
from tests.bot.slack_flows import (
    click,
    find_element,
    log_a_case,
    submission,
    tick_everything,
)
from tests.bot.test_commitment_buttons import nudged, press
from tests.slack_requests import REPORTER, payload

OWNER = "U0OWNER01"
ANGRYCALL = str(Path(sys.executable).with_name("angrycall"))


def rows(app: AppDriver, model: type[Any]) -> list[Any]:
    return app.db.run_sync(lambda s: list(s.exec(select(model)).all()))


async def click_in_view(app: AppDriver, view: dict[str, Any], action_id: str,
                        user: str) -> None:
    body = payload("block_actions_in_view")
    body["user"]["id"] = user
    body["trigger_id"] = app.slack.new_trigger_id()
    body["view"].update(id=view["id"], hash=view["hash"], private_metadata=view.get(
        "private_metadata", ""), callback_id=view.get("callback_id", ""))
    button = find_element(view, action_id)
    body["actions"] = [{"action_id": action_id, "block_id": "case_actions", "type": "button",
                        "value": button["value"], "action_ts": "1548426417.840180"}]
    assert (await app.interact(body)).status_code == 200


async def case_view_for(app: AppDriver, user: str) -> dict[str, Any]:
    message = await nudged(app)
    view = await press(app, message, "view_case", user=user)
    assert view is not None
    return view


async def test_the_case_shows_its_timeline(app: AppDriver) -> None:
    view = await case_view_for(app, OWNER)
    text = str(view["blocks"])
    assert "Case logged" in text and "Reminder sent on the due day" in text
    assert "Status:* open" in text
    # The owner did not log the case: no close or delete for them.
    actions = [e["action_id"] for b in view["blocks"] if b["type"] == "actions"
               for e in b["elements"]]
    assert actions == ["case_add_note", "case_theme"]


async def test_a_note_then_closing_with_an_outcome(app: AppDriver) -> None:
    view = await case_view_for(app, REPORTER)
    await click_in_view(app, view, "case_add_note", REPORTER)
    pushes = await app.slack.await_calls("views.push")
    note_form = app.slack.views[pushes[-1].response["view"]["id"]]
    values = {"note": {"note": {"type": "plain_text_input", "value": "Called back, calmer"}}}
    answer = (await app.interact(submission(note_form, values))).json()
    assert answer["response_action"] == "update"
    assert "Called back, calmer" in str(answer["view"]["blocks"])
    await click_in_view(app, view, "case_close", REPORTER)
    pushes = await app.slack.await_calls("views.push", count=2)
    close_form = app.slack.views[pushes[-1].response["view"]["id"]]
    values = {"outcome": {"outcome": {"type": "radio_buttons",
                                      "selected_option": {"value": "retained"}}},
              "mood": {"mood": {"type": "static_select", "selected_option": {"value": "4"}}}}
    answer = (await app.interact(submission(close_form, values))).json()
    assert "customer retained, customer's mood after: 4/5" in str(answer["view"]["blocks"])
    (case,) = rows(app, Case)
    assert (case.status, case.outcome, case.mood_after) == ("closed", "retained", 4)


async def test_deleting_erases_the_case_and_keeps_only_who_did_it(app: AppDriver) -> None:
    view = await case_view_for(app, REPORTER)
    await click_in_view(app, view, "case_delete", REPORTER)
    await app.slack.await_calls("views.update", predicate=lambda c: "deleted" in str(
        c.args.get("view")))
    assert rows(app, Case) == [] and rows(app, Commitment) == [] and rows(app, Nudge) == []
    (event,) = rows(app, AuditEvent)
    assert event.kind == "case_deleted" and event.detail == {}


async def test_strangers_cannot_see_a_case(app: AppDriver) -> None:
    message = await nudged(app)
    response_url = app.slack.new_response_url()
    body = click(message, "D" + OWNER, "U0OTHER01", "view_case", app.slack.new_trigger_id())
    body["response_url"] = response_url
    await app.interact(body)
    (post,) = await app.slack.await_webhook_posts()
    assert "Only the people on this case" in post[1]["text"]


async def test_retention_erases_the_text_of_old_closed_cases(app: AppDriver) -> None:
    view = await case_view_for(app, REPORTER)
    await click_in_view(app, view, "case_close", REPORTER)
    pushes = await app.slack.await_calls("views.push")
    close_form = app.slack.views[pushes[-1].response["view"]["id"]]
    values = {"outcome": {"outcome": {"type": "radio_buttons",
                                      "selected_option": {"value": "resolved"}}}}
    await app.interact(submission(close_form, values))
    (case,) = rows(app, Case)
    assert case.closed_at is not None
    await tick_everything(app, case.closed_at + timedelta(days=364))
    assert rows(app, Case)[0].what_happened != ""
    await tick_everything(app, case.closed_at + timedelta(days=366))
    (erased,) = rows(app, Case)
    assert (erased.customer, erased.what_happened, erased.lessons) == ("(erased)", "", "")
    assert erased.anger_level == 4 and erased.status == "closed"  # the numbers stay
    assert [c.promise for c in rows(app, Commitment)] == ["(erased)"]


async def test_export_to_csv_and_json(app: AppDriver, database_url: str,
                                      tmp_path: Path) -> None:
    await log_a_case(app)
    env = {"DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"}
    csv_file, json_file = tmp_path / "cases.csv", tmp_path / "cases.json"
    for arguments in (["--format", "csv", "--output", str(csv_file)],
                      ["--format", "json", "--names", "--output", str(json_file),
                       "--since", "2026-11-01", "--team", "T0001"]):
        result = subprocess.run([ANGRYCALL, "export", *arguments], env=env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
    (row,) = list(csv.DictReader(csv_file.open()))
    assert (row["customer"], row["anger_level"], row["promises"]) == ("Customer A", "4", "1")
    assert "Acme" not in csv_file.read_text()
    (named,) = json.loads(json_file.read_text())
    assert named["customer"] == "Acme Corp" and named["category"] == "Billing"


async def test_editing_a_case(app: AppDriver) -> None:
    view = await case_view_for(app, REPORTER)
    await click_in_view(app, view, "case_edit", REPORTER)
    pushes = await app.slack.await_calls("views.push")
    form = app.slack.views[pushes[-1].response["view"]["id"]]
    elements = {b["block_id"]: b["element"] for b in form["blocks"] if b["type"] == "input"}
    assert elements["customer"]["initial_value"] == "Acme Corp"
    assert elements["anger_level"]["initial_option"]["value"] == "4"
    assert [o["value"] for o in elements["deescalation_steps_upset"]["initial_options"]] == [
        "acknowledge", "let_vent", "apologize"]
    assert "initial_options" not in elements["deescalation_steps_next"]
    refused = await app.interact(submission(form, case_values(customer=" ")))
    assert set(refused.json()["errors"]) == {"customer"}
    values = case_values(anger="2", what_happened="Charged twice, then once more")
    answer = (await app.interact(submission(form, values))).json()
    assert answer["response_action"] == "update"
    (case,) = rows(app, Case)
    assert (case.anger_level, case.what_happened) == (2, "Charged twice, then once more")
    assert "case_edited" in [e.kind for e in rows(app, AuditEvent)]
    assert len(rows(app, Commitment)) == 1  # promises are changed with their own buttons
