"""The table of contents of themes on Slack: which listener answers which button or modal."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.services import Services
from bot.slack import theme_handlers as on
from bot.slack.requester import requester_in
from bot.slack.theme_ids import ThemeAction, ThemeCallback

Listener = Callable[..., Awaitable[None]]
CLICKS: dict[ThemeAction, Listener] = {
    ThemeAction.OPEN: on.on_open_picker,
    ThemeAction.TAKE: on.on_take,
    ThemeAction.PLAN: on.on_plan,
    ThemeAction.DECLINE: on.on_decline,
    ThemeAction.FIXED: on.on_fixed,
    ThemeAction.TOLD: on.on_told,
    ThemeAction.UNREACHABLE: on.on_unreachable,
}
SUBMISSIONS: dict[ThemeCallback, Listener] = {
    ThemeCallback.PICK: on.on_picked,
    ThemeCallback.PLAN: on.on_plan_submitted,
    ThemeCallback.DECLINE: on.on_decline_submitted,
    ThemeCallback.TOLD: on.on_told_submitted,
}


def register_themes(app: AsyncApp, services: Services) -> None:
    for action, handle in CLICKS.items():
        app.action(action.value)(_click(services, handle))
    for callback, submitted in SUBMISSIONS.items():
        app.view(callback.value)(_submission(services, submitted))


def _click(services: Services, handle: Listener) -> Listener:
    async def clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                      context: AsyncBoltContext) -> None:
        await ack()  # Slack waits 3 s for it
        await handle(services, client, body=body, requester=requester_in(context))

    return clicked


def _submission(services: Services, handle: Listener) -> Listener:
    async def submitted(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                        context: AsyncBoltContext) -> None:
        await handle(services, client, ack=ack, body=body, requester=requester_in(context))

    return submitted
