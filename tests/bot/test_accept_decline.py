"""Slack: the owner of a promise made for them accepts or declines it; a decline goes back to
the reporter, who reassigns, renegotiates or drops it."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from storage.models import Commitment
from tests.bot.conftest import AppDriver
from tests.bot.slack_flows import OWNER, click, log_a_case, modal_opened_by, submission
from tests.slack_requests import REPORTER


def commitment(app: AppDriver) -> Commitment:
    (row,) = app.db.run_sync(lambda s: list(s.exec(select(Commitment)).all()))
    assert isinstance(row, Commitment)
    return row


async def assigned(app: AppDriver) -> dict[str, Any]:
    await log_a_case(app, owner=OWNER)
    await app.slack.await_calls("chat.postMessage")
    (message,) = app.slack.dm_messages(OWNER)
    return message


async def press(app: AppDriver, message: dict[str, Any], action: str,
                user: str = OWNER) -> dict[str, Any] | None:
    channel = message.get("channel", "D" + user)
    return await modal_opened_by(app, click(message, channel, user, action,
                                            app.slack.new_trigger_id()))


def text_value(block: str, value: str) -> dict[str, Any]:
    return {block: {block: {"type": "plain_text_input", "value": value}}}


async def test_the_first_dm_asks_the_owner_to_accept(app: AppDriver) -> None:
    message = await assigned(app)
    actions = [e["action_id"] for b in message["blocks"] if b["type"] == "actions"
               for e in b["elements"]]
    assert actions == ["commitment_accept", "commitment_decline"]
    assert commitment(app).acceptance == "pending"
    assert await press(app, message, "commitment_accept") is None
    await app.slack.await_calls("chat.update")
    assert commitment(app).acceptance == "accepted"
    assert "You accepted" in app.slack.dm_messages(OWNER)[-1]["text"]


async def test_a_decline_asks_why_and_goes_back_to_the_reporter(app: AppDriver) -> None:
    message = await assigned(app)
    modal = await press(app, message, "commitment_decline")
    assert modal is not None and modal["callback_id"] == "commitment_decline"
    empty = (await app.interact(submission(modal, text_value("reason", " "), user=OWNER))).json()
    assert "reason" in empty["errors"]
    response = await app.interact(submission(modal, text_value("reason", "Away on Friday"),
                                             user=OWNER))
    assert response.text == ""
    await app.slack.await_calls("chat.postMessage",
                                predicate=lambda c: "declined" in str(c.args.get("text", "")))
    row = commitment(app)
    assert (row.acceptance, row.decline_reason) == ("declined", "Away on Friday")
    to_reporter = app.slack.dm_messages(REPORTER)[-1]
    assert "Away on Friday" in str(to_reporter["blocks"])
    choices = [e["action_id"] for b in to_reporter["blocks"] if b["type"] == "actions"
               for e in b["elements"]]
    assert choices == ["commitment_reassign", "commitment_renegotiate", "commitment_drop"]
    drop = await press(app, to_reporter, "commitment_drop", user=REPORTER)
    assert drop is not None and drop["callback_id"] == "commitment_drop"
    await app.interact(submission(drop, text_value("note", "Told them we can't"),
                                  user=REPORTER))
    await app.slack.await_calls("chat.update", count=2)
    assert (commitment(app).status, commitment(app).outcome_note) == ("dropped",
                                                                      "Told them we can't")


async def test_only_the_owner_declines(app: AppDriver) -> None:
    message = await assigned(app)
    assert await press(app, message, "commitment_decline", user=REPORTER) is None
    assert commitment(app).acceptance == "pending"
