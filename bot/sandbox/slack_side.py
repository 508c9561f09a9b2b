"""Slack's side of the conversation: what a person does on the page becomes the request Slack
would send to `/slack/events`, signed with the run's signing secret, over real HTTP; the bot's
answer (an ack body, a `response_action`) is applied to the workspace as Slack would."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from slack_sdk.signature import SignatureVerifier

from bot.sandbox import payloads
from bot.sandbox.modals import Modals
from bot.sandbox.view_state import Form, state_values
from bot.sandbox.webapi import HookTarget, StandIn
from bot.sandbox.workspace import World

EVENTS_PATH = "/slack/events"
FORM = "application/x-www-form-urlencoded"
SHORTCUT_CALLBACK = "log_from_message"  # the message shortcut of manifest.yml
SETTLE_SECONDS = 0.25
TRIGGER_SECONDS = 3.0  # how long Slack accepts a trigger id


class BotRefused(Exception):
    """The app answered with something other than 200: shown on the page as it is."""


@dataclass
class SlackSide:
    world: World
    stand_in: StandIn
    modals: Modals
    base_url: str  # the sandbox server, which serves the app's /slack/events too
    signing_secret: str
    http: httpx.AsyncClient

    async def post(self, body: str, content_type: str) -> dict[str, Any] | None:
        """Send one signed request; the bot's JSON answer, if it gave one."""
        stamp = str(int(time.time()))  # real time: the bot checks it against its own clock
        signature = str(SignatureVerifier(self.signing_secret).generate_signature(
            timestamp=stamp, body=body))
        response = await self.http.post(
            self.base_url + EVENTS_PATH, content=body,
            headers={"content-type": content_type, "x-slack-request-timestamp": stamp,
                     "x-slack-signature": signature})
        if response.status_code != 200:
            raise BotRefused(f"the app answered {response.status_code}: {response.text[:200]}")
        await self.settled()
        answer: dict[str, Any] | None = response.json() if response.content else None
        return answer

    async def settled(self, limit: float = 2.0) -> None:
        """Wait a moment for the work the bot does after its ack (views.open, messages)."""
        deadline = time.monotonic() + limit
        await asyncio.sleep(SETTLE_SECONDS)
        while (time.monotonic() - self.stand_in.changed_at < SETTLE_SECONDS
               and time.monotonic() < deadline):
            await asyncio.sleep(0.05)

    def _response_url(self, channel_id: str, user_id: str, ts: str | None = None) -> str:
        return self.stand_in.new_response_url(self.base_url, HookTarget(channel_id, user_id, ts))

    async def command(self, user_id: str, channel_id: str, text: str) -> None:
        body = payloads.slash_command(
            team_id=self.world.bot["team_id"], user=self.world.users[user_id],
            channel_id=channel_id, channel_name=self._channel_name(channel_id), text=text,
            trigger_id=self.modals.new_trigger(user_id),
            response_url=self._response_url(channel_id, user_id))
        answer = await self.post(body, FORM)
        if answer and (answer.get("text") or answer.get("blocks")):
            self.stand_in.deliver(HookTarget(channel_id, user_id), answer)

    async def press(self, user_id: str, channel_id: str, ts: str, where: str) -> None:
        """A button (or a select's option) in a message, ephemeral ones included."""
        ephemeral = self.stand_in.ephemeral(channel_id, user_id, ts)
        message = self.world.find_message(channel_id, ts) or ephemeral
        if message is None:
            return
        block, element, picked = _element_at(message.get("blocks") or [], where)
        body = payloads.message_actions(
            team_id=self.world.bot["team_id"], user=self.world.users[user_id],
            channel_id=channel_id, message=message, is_ephemeral=ephemeral is not None,
            pressed=payloads.action(element, str(block.get("block_id", "")), picked),
            trigger_id=self.modals.new_trigger(user_id),
            response_url=self._response_url(channel_id, user_id, ts))
        await self.post(payloads.interaction_form(body), FORM)

    async def press_in_view(self, user_id: str, view_id: str, where: str, form: Form) -> None:
        view = self.world.views[view_id]
        values = self._typed(view, form)
        block, element, picked = _element_at(view.get("blocks") or [], where)
        body = payloads.view_actions(
            team_id=self.world.bot["team_id"], user=self.world.users[user_id], view=view,
            values=values, trigger_id=self.modals.new_trigger(user_id),
            pressed=payloads.action(element, str(block.get("block_id", "")), picked))
        await self.post(payloads.interaction_form(body), FORM)

    async def submit(self, user_id: str, view_id: str, form: Form) -> None:
        view = self.world.views[view_id]
        body = payloads.view_submission(
            team_id=self.world.bot["team_id"], user=self.world.users[user_id], view=view,
            values=self._typed(view, form), trigger_id=self.modals.new_trigger(user_id))
        answer = await self.post(payloads.interaction_form(body), FORM)
        self.modals.answered(user_id, view_id, answer)

    async def shortcut(self, user_id: str, channel_id: str, ts: str) -> None:
        message = self.world.find_message(channel_id, ts)
        if message is None:
            return
        body = payloads.message_shortcut(
            team_id=self.world.bot["team_id"], user=self.world.users[user_id],
            channel_id=channel_id, message=message, callback_id=SHORTCUT_CALLBACK,
            trigger_id=(trigger := self.modals.new_trigger(user_id)),
            response_url=self._response_url(channel_id, user_id))
        await self.post(payloads.interaction_form(body), FORM)
        await self._until_opened(trigger)

    async def _until_opened(self, trigger: str) -> None:
        """A message shortcut always opens the form, after reading the message (a first read
        can take a while): wait for it, for as long as Slack keeps a trigger id alive."""
        deadline = time.monotonic() + TRIGGER_SECONDS
        while trigger not in self.modals.used and time.monotonic() < deadline:
            await asyncio.sleep(0.05)

    async def open_home(self, user_id: str) -> None:
        body = payloads.home_opened(
            team_id=self.world.bot["team_id"], bot_user_id=self.world.bot["user_id"],
            user_id=user_id, channel_id=self.world.dms.setdefault(user_id, "D" + user_id),
            event_id=self.world.next_id("Ev"))
        await self.post(body, "application/json")

    def _typed(self, view: dict[str, Any], form: Form) -> dict[str, Any]:
        owner = self.world.users.get(str(self.modals_owner(view["id"]))) or {}
        zone = ZoneInfo(owner.get("tz") or "UTC")
        values = state_values(view.get("blocks") or [], form, zone)
        self.modals.remember(view["id"], values)
        return values

    def modals_owner(self, view_id: str) -> str | None:
        return next((u for u, stack in self.modals.stacks.items() if view_id in stack), None)

    def _channel_name(self, channel_id: str) -> str:
        return str((self.world.channels.get(channel_id) or {}).get("name", "directmessage"))


def _element_at(blocks: list[dict[str, Any]], where: str) -> tuple[
        dict[str, Any], dict[str, Any], str | None]:
    """The block and element a pressed button names ("block:element[:option value]")."""
    index, number, *picked = where.split(":", 2)
    block = blocks[int(index)]
    element = (block.get("accessory") if block.get("type") == "section"
               else (block.get("elements") or [])[int(number)])
    return block, element or {}, picked[0] if picked else None
