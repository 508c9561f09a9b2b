"""`/angrycall settings` and the App Home's Settings button: parse, ask
commands.settings_conversation, render. Slack's part: whether the asker is a workspace admin,
and the modal."""

from __future__ import annotations

from functools import partial
from typing import Any

from aiohttp import ClientError
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.services import Services
from bot.slack.messenger import reply_privately
from bot.slack.requester import Requester
from bot.slack.settings_view import settings_from_state, settings_modal
from bot.slack.theme_settings_view import outer_loop_blocks, outer_loop_from_state
from commands.privacy import NotPrivate
from commands.refusals import NOT_ALLOWED
from commands.settings_conversation import (
    FormErrors,
    NotAllowed,
    OuterLoopChange,
    Saved,
    SettingsAsk,
    SettingsForm,
    SettingsSubmission,
    open_settings,
    save_settings,
)


async def show_settings(services: Services, client: AsyncWebClient, *,
                        requester: Requester, trigger_id: str) -> None:
    reply = await open_settings(services.db, await _ask(services, client, requester))
    origin = requester.origin
    match reply:
        case SettingsForm(current, outer_loop):
            view = settings_modal(current)
            view["blocks"] += outer_loop_blocks(list(current.categories), outer_loop.channels,
                                                outer_loop.target_hours)
            await client.views_open(trigger_id=trigger_id, view=view)
        case NotPrivate(text):
            await reply_privately(client, channel_id=origin.channel_id, user_id=origin.user_id,
                                  message={"text": text})
        case NotAllowed():
            await reply_privately(client, channel_id=origin.channel_id, user_id=origin.user_id,
                                  message={"text": NOT_ALLOWED})


async def on_settings_submitted(
    services: Services, client: AsyncWebClient, *, ack: AsyncAck, body: dict[str, Any],
    requester: Requester
) -> None:
    values = body["view"]["state"]["values"]
    channels, target = outer_loop_from_state(values)
    reply = await save_settings(services.db, SettingsSubmission(
        ask=await _ask(services, client, requester),
        read=partial(settings_from_state, values),
        outer_loop=OuterLoopChange(channels, target)))
    match reply:
        case Saved():
            services.workspaces.forget(requester.origin.team)  # the categories may have changed
            await ack()
        case FormErrors(errors):
            await ack(response_action="errors", errors=dict(errors))
        case NotAllowed() | NotPrivate():  # a modal is private: only a lost lead gets here
            await ack(response_action="errors", errors={"leads": NOT_ALLOWED})


async def _ask(services: Services, client: AsyncWebClient, requester: Requester) -> SettingsAsk:
    user_id = requester.origin.user_id
    # A modal and an ephemeral refusal are seen by the asker only.
    return SettingsAsk(workspace_id=requester.workspace.workspace_id, actor=user_id,
                       actor_is_admin=await is_workspace_admin(client, user_id),
                       privately=True, now=services.now())


async def is_workspace_admin(client: AsyncWebClient, user_id: str) -> bool:
    try:
        user = (await client.users_info(user=user_id)).get("user") or {}
    except (SlackApiError, ClientError, TimeoutError):
        return False
    return bool(user.get("is_admin") or user.get("is_owner"))
