"""The workspace of a request is ours, read as bolt reads it; owners are people of it."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlmodel import select

from bot.slack.directory import belongs_to
from storage.models import Case, Person, Workspace
from tests.bot.conftest import AppDriver
from tests.bot.form_values import case_values
from tests.bot.slack_flows import open_form, promise_values, submission
from tests.bot.test_commitment_buttons import nudged, press
from tests.slack_requests import payload

THEIR_TEAM = "T0THEIRCO"
THEIR_USER = "U0THEIRS01"
GRID_USER = "W0GRID0001"


def rows(app: AppDriver, model: type[Any]) -> list[Any]:
    return app.db.run_sync(lambda s: list(s.exec(select(model)).all()))


def teams(app: AppDriver) -> set[str]:
    return {w.external_id for w in rows(app, Workspace)}


async def test_a_form_sent_from_a_slack_connect_channel_is_stored_in_our_workspace(
        app: AppDriver) -> None:
    view = await open_form(app)
    body = submission(view, case_values(commitments=(promise_values(),)))
    # Opened in a channel another company hosts: Slack names their team, and ours as the
    # team that installed the app.
    body["team"] = {"id": THEIR_TEAM, "domain": "theirco"}
    body["view"].update(team_id=THEIR_TEAM, app_installed_team_id="T0001")
    response = await app.interact(body)
    assert response.status_code == 200 and response.text == "", response.text
    (case,) = rows(app, Case)
    (workspace,) = [w for w in rows(app, Workspace) if w.id == case.workspace_id]
    assert workspace.external_id == "T0001" and THEIR_TEAM not in teams(app)


async def test_a_profile_change_of_another_company_makes_no_workspace(app: AppDriver) -> None:
    event = payload("user_change")
    event["team_id"] = THEIR_TEAM  # a channel shared with them: their person, their team
    event["is_ext_shared_channel"] = True
    event["event"]["user"].update(id=THEIR_USER, team_id=THEIR_TEAM)
    assert (await app.event(event)).status_code == 200
    ours = payload("user_change")
    ours["event_id"] = "Ev0USERCHANGE2"
    await app.event(ours)  # one of ours, after it: it is stored, so the first was handled
    for _ in range(100):
        if any(p.user_id == "U0OWNER01" for p in rows(app, Person)):
            break
        await asyncio.sleep(0.02)
    assert THEIR_TEAM not in teams(app)
    assert [p.user_id for p in rows(app, Person)] == ["U0OWNER01"]


async def test_an_enterprise_grid_user_owns_a_promise(app: AppDriver) -> None:
    app.slack.add_user(GRID_USER, tz="Europe/Berlin", name="grete")
    view = await open_form(app)
    values = case_values(commitments=(promise_values(owner=GRID_USER),))
    response = await app.interact(submission(view, values))
    assert response.status_code == 200 and response.text == "", response.text
    await app.slack.await_calls("chat.postMessage",
                                predicate=lambda c: c.response.get("channel") == "D" + GRID_USER)


def test_a_grid_user_of_another_workspace_of_the_org_belongs_here() -> None:
    grid = {"id": GRID_USER, "team_id": "T0HOME",
            "enterprise_user": {"enterprise_id": "E0ORG", "teams": ["T0HOME", "T0001"]}}
    assert belongs_to(grid, "T0001") and belongs_to(grid, "E0ORG")
    assert not belongs_to({"id": THEIR_USER, "team_id": THEIR_TEAM}, "T0001")
    assert not belongs_to({**grid, "enterprise_user": {"teams": ["T0HOME"]}}, "T0001")


async def test_an_owner_of_another_workspace_is_refused(app: AppDriver) -> None:
    app.slack.add_user(THEIR_USER, tz="Europe/Paris", team_id=THEIR_TEAM)
    view = await open_form(app)
    values = case_values(commitments=(promise_values(owner=THEIR_USER),))
    answer = (await app.interact(submission(view, values))).json()
    assert answer["response_action"] == "errors"
    assert "another one" in answer["errors"]["commitment_0_owner"]
    assert rows(app, Case) == []


async def test_an_owner_id_that_is_no_slack_id_is_refused_at_once(app: AppDriver) -> None:
    view = await open_form(app)
    values = case_values(commitments=(promise_values(owner="U" + "X" * 299),))
    answer = (await app.interact(submission(view, values))).json()
    assert answer["errors"] == {"commitment_0_owner": answer["errors"]["commitment_0_owner"]}
    assert "not a Slack user" in answer["errors"]["commitment_0_owner"]
    assert not [c for c in app.slack.calls_to("users.info") if len(c.args["user"]) > 30]


async def test_a_promise_cannot_be_handed_to_another_workspace(app: AppDriver) -> None:
    app.slack.add_user(THEIR_USER, tz="Europe/Paris", team_id=THEIR_TEAM)
    message = await nudged(app)
    modal = await press(app, message, "commitment_reassign")
    assert modal is not None
    values = {"new_owner": {"new_owner": {"type": "users_select", "selected_user": THEIR_USER}}}
    answer = (await app.interact(submission(modal, values, user="U0OWNER01"))).json()
    assert "another one" in answer["errors"]["new_owner"]
