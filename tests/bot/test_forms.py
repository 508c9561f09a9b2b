"""Opening and growing the log form: quick text, the message shortcut, App Home, settings."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from storage.models import Workspace
from tests.bot.conftest import AppDriver
from tests.bot.slack_flows import open_form, submission
from tests.slack_requests import REPORTER, payload


def input_element(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    block = next(b for b in view["blocks"] if b.get("block_id") == block_id)
    element: dict[str, Any] = block["element"]
    return element


async def test_quick_text_prefills_in_the_reporters_zone(app: AppDriver) -> None:
    # 10:00 on Tuesday in New York: "tomorrow 9am" is Wednesday 09:00 there.
    await open_form(app, "Acme Corp call back tomorrow 9am")
    await app.slack.await_calls("views.update")  # re-parsed once Slack told us the zone
    view = app.slack.latest_view()
    assert input_element(view, "customer")["initial_value"] == "Acme Corp"
    assert input_element(view, "commitment_0_due_date")["initial_date"] == "2026-11-25"
    assert input_element(view, "commitment_0_due_time")["initial_time"] == "09:00"
    assert input_element(view, "commitment_0_promise")["initial_value"] == "call back"
    # The note is split into its parts, not dumped whole into "What happened?".
    assert "initial_value" not in input_element(view, "what_happened")


async def test_quick_text_acme_corp_call_back_friday_3pm(app: AppDriver) -> None:
    await open_form(app, "Acme Corp call back Friday 3pm")
    await app.slack.await_calls("views.update")
    view = app.slack.latest_view()
    assert input_element(view, "customer")["initial_value"] == "Acme Corp"
    assert input_element(view, "commitment_0_promise")["initial_value"] == "call back"
    assert input_element(view, "commitment_0_due_date")["initial_date"] == "2026-11-27"
    assert input_element(view, "commitment_0_due_time")["initial_time"] == "15:00"


async def test_the_message_shortcut_links_the_message(app: AppDriver) -> None:
    body = payload("message_action")
    body["trigger_id"] = app.slack.new_trigger_id()
    body["message"]["text"] = "Globex: furious about the outage, promised a call Friday 10am"
    assert (await app.interact(body)).status_code == 200
    await app.slack.await_calls("views.update")
    view = app.slack.latest_view()
    assert input_element(view, "customer")["initial_value"] == "Globex"
    assert "furious about the outage" in input_element(view, "what_happened")["initial_value"]
    assert "p1581106231000100" in str(view["blocks"][-1])
    assert "p1581106231000100" in view["private_metadata"]


async def test_add_and_remove_commitments(app: AppDriver) -> None:
    view = await open_form(app)
    for expected in (2, 3):
        body = payload("block_actions_in_view")
        body["view"].update(id=view["id"], hash=view["hash"],
                            private_metadata=view["private_metadata"])
        await app.interact(body)
        calls = await app.slack.await_calls("views.update", count=expected - 1)
        view = app.slack.views[calls[-1].response["view"]["id"]]
        headers = [b for b in view["blocks"] if b["type"] == "header"]
        assert len(headers) == expected
    assert not any(e.get("action_id") == "add_commitment"
                   for b in view["blocks"] if b["type"] == "actions" for e in b["elements"])


async def test_an_unknown_metadata_is_refused_politely(app: AppDriver) -> None:
    view = await open_form(app)
    tampered = {**view, "private_metadata": "not ours"}
    answer = (await app.interact(submission(tampered, {}))).json()
    assert answer["response_action"] == "errors"
    assert "customer" in answer["errors"]


async def test_app_home_offers_the_form(app: AppDriver) -> None:
    await app.event(payload("app_home_opened"))
    await app.slack.await_calls("views.publish")
    home = app.slack.home_views[REPORTER]
    assert any(e.get("action_id") == "open_log_form"
               for b in home["blocks"] if b["type"] == "actions" for e in b["elements"])


async def test_the_first_settings_make_a_lead_then_only_leads_may_change_them(
    app: AppDriver,
) -> None:
    await app.command("settings")
    calls = await app.slack.await_calls("views.open")
    modal = app.slack.views[calls[-1].response["view"]["id"]]
    values = {
        "leads": {"leads": {"type": "multi_users_select", "selected_users": [REPORTER]}},
        "work_days": {"work_days": {"type": "checkboxes", "selected_options": [
            {"value": str(day)} for day in (6, 0, 1, 2, 3)]}},
        "work_start": {"work_start": {"type": "timepicker", "selected_time": "08:30"}},
        "work_end": {"work_end": {"type": "timepicker", "selected_time": "17:00"}},
        "escalate_after": {"escalate_after": {"type": "static_select",
                                              "selected_option": {"value": "3"}}},
        "categories": {"categories": {"type": "plain_text_input",
                                      "value": "Billing\nReturns\n\nBilling"}},
        "retention": {"retention": {"type": "static_select",
                                    "selected_option": {"value": "90"}}},
        "pre_due": {"pre_due": {"type": "static_select", "selected_option": {"value": "2"}}},
        "due_lead": {"due_lead": {"type": "static_select", "selected_option": {"value": "4"}}},
    }
    assert (await app.interact(submission(modal, values))).text == ""
    (workspace,) = app.db.run_sync(lambda s: list(s.exec(select(Workspace)).all()))
    assert workspace.lead_user_ids == [REPORTER]
    assert workspace.work_days == [0, 1, 2, 3, 6]
    assert workspace.escalate_after_days == 3
    assert (workspace.categories, workspace.retention_days) == (["Billing", "Returns"], 90)
    assert (workspace.pre_due_days, workspace.due_lead_hours) == (2, 4)
    refused = await app.interact(submission(modal, values, user="U0OTHER01"))
    assert refused.json()["response_action"] == "errors"


async def test_bad_settings_are_shown_on_the_fields(app: AppDriver) -> None:
    await app.command("settings")
    calls = await app.slack.await_calls("views.open")
    modal = app.slack.views[calls[-1].response["view"]["id"]]
    values = {
        "work_days": {"work_days": {"type": "checkboxes", "selected_options": []}},
        "work_start": {"work_start": {"type": "timepicker", "selected_time": "18:00"}},
        "work_end": {"work_end": {"type": "timepicker", "selected_time": "09:00"}},
    }
    answer = (await app.interact(submission(modal, values))).json()
    assert set(answer["errors"]) == {"work_days", "work_end", "categories"}


async def test_a_lead_sets_dates_off_and_the_line_after_furious_calls(app: AppDriver) -> None:
    await app.command("settings")
    calls = await app.slack.await_calls("views.open")
    modal = app.slack.views[calls[-1].response["view"]["id"]]
    values = {
        "work_days": {"work_days": {"type": "checkboxes", "selected_options": [
            {"value": str(day)} for day in range(5)]}},
        "categories": {"categories": {"type": "plain_text_input", "value": "Billing"}},
        "holidays": {"holidays": {"type": "plain_text_input",
                                  "value": "2026-12-25 Christmas\n2026-12-24\n"}},
        "furious_line": {"furious_line": {"type": "checkboxes", "selected_options": []}},
    }
    assert (await app.interact(submission(modal, values))).text == ""
    (workspace,) = app.db.run_sync(lambda s: list(s.exec(select(Workspace)).all()))
    assert (workspace.holidays, workspace.furious_line) == (["2026-12-24", "2026-12-25"], False)
    await app.command("settings")
    calls = await app.slack.await_calls("views.open", count=2)
    reopened = app.slack.views[calls[-1].response["view"]["id"]]
    assert input_element(reopened, "holidays")["initial_value"] == "2026-12-24\n2026-12-25"
    assert "initial_options" not in input_element(reopened, "furious_line")


async def test_a_date_off_that_is_no_date_is_shown_on_the_field(app: AppDriver) -> None:
    await app.command("settings")
    calls = await app.slack.await_calls("views.open")
    modal = app.slack.views[calls[-1].response["view"]["id"]]
    values = {
        "categories": {"categories": {"type": "plain_text_input", "value": "Billing"}},
        "holidays": {"holidays": {"type": "plain_text_input", "value": "Christmas Day"}},
    }
    answer = (await app.interact(submission(modal, values))).json()
    assert "Christmas Day" in answer["errors"]["holidays"]
