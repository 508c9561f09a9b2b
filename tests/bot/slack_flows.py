"""Multi-step Slack flows the end-to-end tests share: log a case, tick, click, submit."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from bot.config import Settings
from bot.services import Services
from bot.slack.clients import TeamClients
from bot.slack.nudge_sender import SlackMessenger
from bot.slack.tokens import SingleWorkspaceToken
from bot.ticking import tick_once
from commands.nudges import DispatchReport, run_due
from tests.bot.conftest import AppDriver
from tests.bot.form_values import case_values, commitment_values
from tests.slack_requests import BOT_TOKEN, payload

OWNER = "U0OWNER01"


async def open_form(app: AppDriver, text: str = "") -> dict[str, Any]:
    # Wait for this command's own modal: the form opens after the ack, so the last views.open
    # seen right away may still be an earlier modal (the settings, a previous form).
    opened_before = sum(1 for c in app.slack.calls_to("views.open")
                        if c.status == 200 and c.response.get("ok"))
    response = await app.command(text)
    assert response.status_code == 200
    calls = await app.slack.await_calls("views.open", count=opened_before + 1)
    view: dict[str, Any] = app.slack.views[calls[-1].response["view"]["id"]]
    return view


def submission(view: dict[str, Any], values: dict[str, Any],
               user: str = "U2147483697") -> dict[str, Any]:
    body = payload("view_submission")
    body["user"]["id"] = user
    body["view"].update(id=view["id"], hash=view["hash"], callback_id=view["callback_id"],
                        private_metadata=view["private_metadata"], blocks=view["blocks"],
                        state={"values": values})
    return body


def promise_values(owner: str = OWNER, due: date = date(2026, 11, 27),
                   at: time | None = time(15, 0)) -> dict[str, Any]:
    return commitment_values(0, owner=owner, due=due, at=at,
                             promise="Call back with the refund confirmation")


async def log_a_case(app: AppDriver, owner: str = OWNER) -> None:
    view = await open_form(app)
    values = case_values(commitments=(promise_values(owner=owner),))
    response = await app.interact(submission(view, values))
    assert response.status_code == 200 and response.text == "", response.text


async def tick(app: AppDriver, at: datetime) -> DispatchReport:
    clients = TeamClients(api_url=app.slack.api_url,
                          tokens=SingleWorkspaceToken(lambda: BOT_TOKEN))
    messenger = SlackMessenger(clients)
    return await run_due(app.db, messenger, now=at, worker="test")


def click(message: dict[str, Any], channel: str, user: str, action_id: str,
          trigger_id: str, **selected: Any) -> dict[str, Any]:
    """A block_actions payload for a click on `action_id` in a stored message."""
    body = payload("block_actions_in_message")
    button = find_element(message, action_id)
    body["user"]["id"] = user
    body["container"].update(message_ts=message["ts"], channel_id=channel)
    body["channel"]["id"] = channel
    body["message"].update(ts=message["ts"], text=message["text"], blocks=message["blocks"])
    body["trigger_id"] = trigger_id
    action = {"action_id": action_id, "block_id": "b", "type": button["type"],
              "action_ts": "1548426417.840180"}
    if button["type"] == "button":
        action["value"] = button["value"]
    action.update(selected)
    body["actions"] = [action]
    return body


async def modal_opened_by(app: AppDriver, body: dict[str, Any]) -> dict[str, Any] | None:
    """Send a click; once its listeners are done, the modal it opened, if it opened one."""
    before = len(app.slack.calls_to("views.open"))
    assert (await app.interact_until_handled(body)).status_code == 200
    opened = [call for call in app.slack.calls_to("views.open")[before:] if call.response.get("ok")]
    if not opened:
        return None
    view: dict[str, Any] = app.slack.views[opened[-1].response["view"]["id"]]
    return view


def find_element(message: dict[str, Any], action_id: str) -> dict[str, Any]:
    """The interactive element with `action_id` in a message's or a view's blocks."""
    for block in message["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                found: dict[str, Any] = element
                return found
    raise AssertionError(f"no {action_id} in the blocks")


async def tick_everything(app: AppDriver, at: datetime) -> DispatchReport:
    """What `angrycall tick --at` does: nudges and digests."""
    settings = Settings(_env_file=None, slack_bot_token=BOT_TOKEN,  # type: ignore[call-arg]
                        slack_api_url=app.slack.api_url)
    return await tick_once(Services(settings=settings, db=app.db), now=at, worker="test")
