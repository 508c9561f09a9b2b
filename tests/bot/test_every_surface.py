"""Every click gets an answer on every surface: App Home and modals have no response_url."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.conftest import AppDriver
from tests.bot.slack_flows import OWNER, log_a_case
from tests.bot.test_case_lifecycle import case_view_for, click_in_view
from tests.bot.test_commitment_buttons import commitment
from tests.bot.test_home import make_lead, open_home
from tests.reliability.witness import unhandled_errors
from tests.slack_requests import REPORTER, payload

STRANGER = "U0OTHER01"


def home_click(app: AppDriver, user: str, action_id: str, value: str) -> dict[str, Any]:
    body = payload("block_actions_in_home")
    body["user"]["id"] = user
    body["trigger_id"] = app.slack.new_trigger_id()
    body["actions"][0].update(action_id=action_id, value=value)
    return body


def notices(app: AppDriver) -> list[str]:
    return [str(c.args["view"]["blocks"]) for c in app.slack.calls_to("views.open")
            if c.response.get("ok") and c.args["view"].get("title", {}).get("text") == "angrycall"
            and "callback_id" not in c.args["view"]]


async def test_a_refused_click_in_app_home_is_answered_in_a_modal(
        app: AppDriver, caplog: pytest.LogCaptureFixture) -> None:
    await log_a_case(app)
    body = home_click(app, STRANGER, "commitment_renegotiate", str(commitment(app).id))
    assert (await app.interact(body)).status_code == 200
    await app.slack.await_calls("views.open", count=2)  # the form, then the notice
    assert unhandled_errors(caplog) == []
    (notice,) = notices(app)
    assert "Only the owner of this promise" in notice


async def test_any_button_of_a_deleted_case_is_answered(app: AppDriver) -> None:
    view = await case_view_for(app, REPORTER)
    await click_in_view(app, view, "case_delete", REPORTER)
    await app.slack.await_calls("views.update")
    opened = len(app.slack.calls_to("views.open"))
    for action in ("commitment_done", "view_case"):
        await app.interact(home_click(app, OWNER, action, "1"))
    await app.slack.await_calls("views.open", count=opened + 2)
    # Both clicks are answered after their ack, concurrently: in either order.
    answered = " ".join(notices(app)[-2:])
    assert "no longer exists" in answered and "Only the people on this case" in answered


async def test_a_refused_click_in_a_modal_is_pushed_over_it(app: AppDriver) -> None:
    view = await case_view_for(app, OWNER)  # the owner did not log it: no delete for them
    body = payload("block_actions_in_view")
    body["user"]["id"] = OWNER
    body["trigger_id"] = app.slack.new_trigger_id()
    body["view"].update(id=view["id"], type="modal")
    body["actions"] = [{"action_id": "case_delete", "block_id": "case_actions",
                        "type": "button", "value": view["private_metadata"],
                        "action_ts": "1548426417.840180"}]
    await app.interact(body)
    (push,) = await app.slack.await_calls("views.push")
    assert "Only whoever logged the case" in str(push.args["view"])


async def test_an_expired_trigger_falls_back_to_a_direct_message(app: AppDriver) -> None:
    await log_a_case(app)
    body = home_click(app, STRANGER, "commitment_done", str(commitment(app).id))
    body["trigger_id"] = "no.such.trigger"
    await app.interact(body)
    await app.slack.await_calls("chat.postMessage", predicate=lambda c: "Only the owner" in str(
        c.args.get("text")))
    assert "Only the owner" in app.slack.dm_messages(STRANGER)[-1]["text"]


async def test_deleting_a_case_redraws_the_homes_it_touched(app: AppDriver) -> None:
    view = await case_view_for(app, REPORTER)
    await app.slack.await_calls("views.publish", count=2)  # logging refreshed both homes
    make_lead(app, STRANGER)
    before = await open_home(app, STRANGER, "EvHomeDel1")
    assert "Call back with the refund" in str(before["blocks"])  # the team's promises
    published = len(app.slack.calls_to("views.publish"))
    await click_in_view(app, view, "case_delete", REPORTER)
    calls = await app.slack.await_calls("views.publish", count=published + 3)
    assert {c.args["user_id"] for c in calls[published:]} == {OWNER, REPORTER, STRANGER}
    for person in (OWNER, REPORTER, STRANGER):
        home = str(app.slack.home_views[person]["blocks"])
        assert "commitment_done" not in home and "Call back with the refund" not in home


async def test_a_modal_that_could_not_open_from_app_home_is_explained_by_dm(
        app: AppDriver) -> None:
    await log_a_case(app)
    body = home_click(app, OWNER, "commitment_done", str(commitment(app).id))
    body["trigger_id"] = "no.such.trigger"
    await app.interact(body)
    await app.slack.await_calls("chat.postMessage", predicate=lambda c: "took too long" in str(
        c.args.get("text")))


async def test_the_buttons_of_a_case_deleted_meanwhile_say_so(app: AppDriver) -> None:
    view = await case_view_for(app, REPORTER)
    await click_in_view(app, view, "case_delete", REPORTER)
    await app.slack.await_calls("views.update")
    for action in ("case_add_note", "case_close"):
        await click_in_view(app, view, action, REPORTER)  # the same modal, still open
    pushes = await app.slack.await_calls("views.push", count=2)
    assert [p.args["view"].get("callback_id") for p in pushes] == [None, None]
    assert "Only the people on this case" in str(pushes[0].args["view"])
    assert "deleted already" in str(pushes[1].args["view"])
