"""Issue 11 point 4: a lead adds the team's own steps and retires any step, in
`/angrycall settings`; the form follows, history keeps what was ticked."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bot.slack.case_view import case_modal
from commands.case_lifecycle import case_detail
from commands.people import Team
from storage.models import Case, Workspace
from tests.bot.conftest import AppDriver
from tests.bot.form_values import case_values
from tests.bot.slack_flows import promise_values, submission
from tests.slack_requests import REPORTER, TEAM_ID

BASE = {
    "work_days": {"work_days": {"type": "checkboxes", "selected_options": [
        {"value": str(day)} for day in (0, 1, 2, 3, 4)]}},
    "categories": {"categories": {"type": "plain_text_input", "value": "Billing"}},
}


async def open_new_form(app: AppDriver) -> dict[str, Any]:
    """`/angrycall`, and the modal it opened (not one opened before it)."""
    before = len(app.slack.calls_to("views.open"))
    assert (await app.command("")).status_code == 200
    calls = await app.slack.await_calls("views.open", count=before + 1)
    view: dict[str, Any] = app.slack.views[calls[-1].response["view"]["id"]]
    return view


def own_steps(phase: str, text: str) -> dict[str, Any]:
    name = f"own_steps_{phase}"
    return {name: {name: {"type": "plain_text_input", "value": text}}}


def retired(*ids: str) -> dict[str, Any]:
    return {"retired_steps": {"retired_steps": {"type": "multi_static_select",
                                                "selected_options": [{"value": i} for i in ids]}}}


async def save_settings(app: AppDriver, values: dict[str, Any]) -> Any:
    before = len(app.slack.calls_to("views.open"))
    await app.command("settings")
    calls = await app.slack.await_calls("views.open", count=before + 1)
    modal = app.slack.views[calls[-1].response["view"]["id"]]
    return await app.interact(submission(modal, {**BASE, **values}))


def step_options(view: dict[str, Any]) -> dict[str, list[str]]:
    return {b["block_id"]: [o["value"] for o in b["element"]["options"]]
            for b in view["blocks"] if b.get("block_id", "").startswith("deescalation_steps")}


async def test_own_steps_join_the_form_and_retired_ones_leave_it(app: AppDriver) -> None:
    answer = await save_settings(app, {**own_steps("next", "Offered a callback slot\n"),
                                       **retired("pause_call_back")})
    assert answer.text == ""
    (workspace,) = app.db.run_sync(lambda s: list(s.exec(select(Workspace)).all()))
    assert workspace.custom_steps == [{"id": "custom-1", "label": "Offered a callback slot",
                                       "phase": "next", "since": "2026-11-24T15:00:00+00:00"}]
    assert workspace.retired_steps == ["pause_call_back"]
    options = step_options(await open_new_form(app))
    assert options["deescalation_steps_next"][-1] == "custom-1"
    assert "pause_call_back" not in options["deescalation_steps_finding"]


async def test_a_retired_own_step_stays_readable_in_the_case(app: AppDriver) -> None:
    await save_settings(app, own_steps("next", "Offered a callback slot"))
    view = await open_new_form(app)
    values = case_values(steps=("acknowledge", "custom-1"),
                         commitments=(promise_values(owner="U0OWNER01"),))
    assert (await app.interact(submission(view, values))).text == ""
    (case,) = app.db.run_sync(lambda s: list(s.exec(select(Case)).all()))
    assert case.deescalation_steps == ["acknowledge", "custom-1"]
    await save_settings(app, own_steps("next", ""))  # the line removed: retired
    assert "custom-1" not in str(step_options(await open_new_form(app)))
    detail = await case_detail(app.db, case_id=case.id or 0, viewer=REPORTER,
                               team=Team("slack", TEAM_ID))
    assert detail is not None
    shown = str(case_modal(detail))
    assert "Offered a callback slot" in shown and "Acknowledged the anger quickly" in shown


async def test_a_phase_holds_at_most_ten_steps(app: AppDriver) -> None:
    many = "\n".join(f"Own step {n}" for n in range(7))
    answer = (await save_settings(app, own_steps("next", many))).json()
    assert answer["response_action"] == "errors" and "own_steps_next" in answer["errors"]
