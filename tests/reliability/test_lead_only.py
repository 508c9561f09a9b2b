"""Lead-only actions asked for by people who are not leads: refused, told so, nothing changed.

tests/bot/test_forms.py shows a non-lead's settings submission refused, and
tests/bot/test_commitment_buttons.py / test_case_lifecycle.py a stranger's click on a promise or
a case; here, once a lead is set, a promise owner (on the case, but neither lead nor reporter)
and a bystander try everything reserved to leads (and to whoever logged the case).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from bot.slack.settings_handlers import NOT_ALLOWED
from storage.models import AuditEvent, Case, DigestSubscription, Workspace
from tests.bot.conftest import AppDriver
from tests.bot.slack_flows import OWNER, log_a_case, submission
from tests.reliability.witness import Request, unhandled_errors, what_the_user_saw
from tests.slack_requests import FORM, REPORTER, payload, slash_command

BYSTANDER = "U0OTHER01"
SETTINGS = {
    "leads": {"leads": {"type": "multi_users_select", "selected_users": [REPORTER]}},
    "work_days": {"work_days": {"type": "checkboxes", "selected_options": [
        {"value": str(day)} for day in range(5)]}},
    "work_start": {"work_start": {"type": "timepicker", "selected_time": "09:00"}},
    "work_end": {"work_end": {"type": "timepicker", "selected_time": "18:00"}},
    "categories": {"categories": {"type": "plain_text_input", "value": "Billing\nOther"}},
}


def rows(app: AppDriver, model: type[Any]) -> list[Any]:
    return app.db.run_sync(lambda s: list(s.exec(select(model)).all()))


async def command(app: AppDriver, text: str, user: str) -> str:
    request = Request.new(app.slack, user)
    body = slash_command(text, user_id=user, trigger_id=request.trigger_id,
                         response_url=request.response_url(app.slack))
    response = await app.post(body, FORM)
    assert response.status_code == 200
    return await what_the_user_saw(app.slack, response, request)


async def settings_modal(app: AppDriver) -> dict[str, Any]:
    await command(app, "settings", REPORTER)
    calls = await app.slack.await_calls("views.open")
    return app.slack.views[calls[-1].response["view"]["id"]]


async def case_action(app: AppDriver, action_id: str, case_id: int, user: str) -> None:
    body = payload("block_actions_in_view")
    body["user"]["id"] = user
    body["trigger_id"] = app.slack.new_trigger_id()
    body["actions"] = [{"action_id": action_id, "block_id": "case_actions", "type": "button",
                        "value": str(case_id), "action_ts": "1548426417.840180"}]
    assert (await app.interact(body)).status_code == 200


async def case_modal(app: AppDriver, callback_id: str, case_id: int, user: str,
                     values: dict[str, Any]) -> dict[str, Any]:
    body = payload("view_submission")
    body["user"]["id"] = user
    body["view"].update(callback_id=callback_id, private_metadata=str(case_id),
                        state={"values": values})
    answer: dict[str, Any] = (await app.interact(body)).json()
    return answer


@pytest.mark.parametrize("intruder", [OWNER, BYSTANDER])
async def test_non_leads_are_refused_everything_reserved_to_leads(
    app: AppDriver, caplog: pytest.LogCaptureFixture, intruder: str
) -> None:
    modal = await settings_modal(app)
    assert (await app.interact(submission(modal, SETTINGS))).text == ""  # REPORTER leads now
    await log_a_case(app, owner=OWNER)
    await command(app, "digest here", REPORTER)
    (case,) = rows(app, Case)
    audit_before = len(rows(app, AuditEvent))

    assert NOT_ALLOWED in await command(app, "settings", intruder)
    changed = {**SETTINGS, "leads": {"leads": {"type": "multi_users_select",
                                               "selected_users": [intruder]}}}
    refused = await app.interact(submission(modal, changed, user=intruder))
    assert refused.json()["errors"] == {"leads": NOT_ALLOWED}
    assert NOT_ALLOWED in await command(app, "digest off", intruder)
    assert NOT_ALLOWED in await command(app, "digest here friday 16:00", intruder)
    for action in ("case_delete", "case_edit"):
        await case_action(app, action, case.id, intruder)
    close = {"outcome": {"outcome": {"type": "static_select",
                                     "selected_option": {"value": "resolved"}}}}
    assert (await case_modal(app, "case_close", case.id, intruder, close))["errors"]
    edit = {"customer": {"customer": {"type": "plain_text_input", "value": "Renamed"}}}
    assert (await case_modal(app, "case_edit", case.id, intruder, edit))["errors"]

    (workspace,) = rows(app, Workspace)
    assert workspace.lead_user_ids == [REPORTER]
    (subscription,) = rows(app, DigestSubscription)
    assert subscription.weekday == 0  # still Monday, as the lead set it
    (after,) = rows(app, Case)
    assert (after.customer, after.status) == (case.customer, "open")
    assert len(rows(app, AuditEvent)) == audit_before
    # Only the notices saying why (no callback: nothing to submit); no form was pushed.
    assert not [c for c in app.slack.calls_to("views.push") if c.response.get("ok")
                and c.args["view"].get("callback_id")]
    assert unhandled_errors(caplog) == []
