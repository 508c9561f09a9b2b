"""The App Home shows promises not accepted yet: to their owner with Accept / Decline, and to
whoever logged them."""

from __future__ import annotations

from tests.bot.conftest import AppDriver
from tests.bot.slack_flows import OWNER, log_a_case
from tests.bot.test_home import open_home
from tests.slack_requests import REPORTER


async def test_the_owner_is_asked_for_a_yes_on_their_home(app: AppDriver) -> None:
    await log_a_case(app, owner=OWNER)
    home = await open_home(app, OWNER, "EvAcc1")
    assert "Waiting for your yes" in str(home["blocks"])
    actions = [e["action_id"] for b in home["blocks"] if b["type"] == "actions"
               for e in b["elements"]]
    assert "commitment_accept" in actions and "commitment_decline" in actions


async def test_the_reporter_sees_what_is_not_accepted_yet(app: AppDriver) -> None:
    await log_a_case(app, owner=OWNER)
    text = str((await open_home(app, REPORTER, "EvAcc2"))["blocks"])
    assert "Promises you logged, not accepted yet" in text and f"<@{OWNER}>" in text


async def test_a_promise_for_yourself_is_not_waiting(app: AppDriver) -> None:
    await log_a_case(app, owner=REPORTER)
    text = str((await open_home(app, REPORTER, "EvAcc3"))["blocks"])
    assert "not accepted yet" not in text and "Waiting for your yes" not in text
