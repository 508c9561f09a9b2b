"""After a furious call the reporter's confirmation adds one private line of care; a lead can
turn it off in the settings."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.models import Workspace
from tests.bot.conftest import AppDriver
from tests.bot.form_values import case_values
from tests.bot.slack_flows import open_form, promise_values, submission

CARE = "not at you"


async def confirmation_after(app: AppDriver, anger: str) -> str:
    view = await open_form(app)
    values = case_values(anger=anger, commitments=(promise_values(),))
    assert (await app.interact(submission(view, values))).text == ""
    (ephemeral,) = await app.slack.await_calls("chat.postEphemeral")
    return str(ephemeral.args["blocks"])


async def test_a_furious_call_brings_a_line_of_care(app: AppDriver) -> None:
    assert CARE in await confirmation_after(app, "5")


async def test_an_angry_call_does_not(app: AppDriver) -> None:
    assert CARE not in await confirmation_after(app, "4")


async def test_a_lead_can_turn_it_off(app: AppDriver) -> None:
    await open_form(app)  # the workspace exists from the first contact

    def turn_off(session: Session) -> None:
        for workspace in session.exec(select(Workspace)):
            workspace.furious_line = False
            session.add(workspace)
    app.db.run_sync(turn_off)
    view = await open_form(app)
    values = case_values(anger="5", commitments=(promise_values(),))
    assert (await app.interact(submission(view, values))).text == ""
    (ephemeral,) = await app.slack.await_calls("chat.postEphemeral")
    assert CARE not in str(ephemeral.args["blocks"])
