"""`/angrycall settings`: leads and workspace admins edit the team settings."""

from __future__ import annotations

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
from commands.refusals import NOT_ALLOWED
from commands.team_settings import (
    TeamSettings,
    may_edit,
    save_team_settings,
    settings_errors,
    team_settings,
)
from commands.theme_settings import outer_loop_settings, set_outer_loop


async def open_settings(
    services: Services, client: AsyncWebClient, *, requester: Requester, trigger_id: str
) -> None:
    origin = requester.origin
    _workspace_id, current, allowed = await settings_for(services, client, requester)
    if not allowed:
        await reply_privately(client, channel_id=origin.channel_id, user_id=origin.user_id,
                              message={"text": NOT_ALLOWED})
        return
    view = settings_modal(current)
    view["blocks"] += outer_loop_blocks(list(current.categories),
                                        *await outer_loop_settings(services.db, team=origin.team))
    await client.views_open(trigger_id=trigger_id, view=view)


async def settings_for(
    services: Services, client: AsyncWebClient, requester: Requester
) -> tuple[int, TeamSettings, bool]:
    """The workspace, its current settings, and whether the requester may change them."""
    workspace_id, user_id = requester.workspace.workspace_id, requester.origin.user_id
    current = await team_settings(services.db, workspace_id=workspace_id)
    allowed = may_edit(current, actor=user_id,
                       actor_is_admin=await is_workspace_admin(client, user_id))
    return workspace_id, current, allowed


async def on_settings_submitted(
    services: Services, client: AsyncWebClient, *, ack: AsyncAck, body: dict[str, Any],
    requester: Requester
) -> None:
    origin = requester.origin
    workspace_id, current, allowed = await settings_for(services, client, requester)
    if not allowed:
        await ack(response_action="errors", errors={"leads": NOT_ALLOWED})
        return
    proposed = settings_from_state(body["view"]["state"]["values"], current)
    if errors := settings_errors(proposed):
        await ack(response_action="errors", errors=errors)
        return
    await save_team_settings(services.db, workspace_id=workspace_id,
                             proposed=proposed, actor=origin.user_id, now=services.now())
    services.workspaces.forget(origin.team)  # the categories may have changed
    channels, target = outer_loop_from_state(body["view"]["state"]["values"])
    await set_outer_loop(services.db, team=origin.team, actor=origin.user_id,
                         channels=channels, target_hours=target,
                         actor_is_admin=True)  # allowed: checked above
    await ack()


async def is_workspace_admin(client: AsyncWebClient, user_id: str) -> bool:
    try:
        user = (await client.users_info(user=user_id)).get("user") or {}
    except (SlackApiError, ClientError, TimeoutError):
        return False
    return bool(user.get("is_admin") or user.get("is_owner"))
