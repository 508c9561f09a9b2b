"""`/angrycall [help | list | home | digest | settings | log | <quick text>]` (read by
commands.grammar) and the message shortcut."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import ClientError
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.quick_text import read_quick_text
from bot.services import Services
from bot.slack import lists, messages
from bot.slack.context import Origin
from bot.slack.digest_handlers import on_digest
from bot.slack.directory import display_names, zones_for
from bot.slack.form_handlers import open_form, refill_form
from bot.slack.requester import Requester
from bot.slack.settings_handlers import show_settings
from bot.slack.slack_text import decode, mentioned_without_name
from bot.slack.theme_commands import on_theme_command
from commands.cases import MAX_TEXT_LENGTH, Prefill
from commands.grammar import RequestKind, parse_request
from commands.overview import OverviewAsk, my_list
from commands.people import UTC, WorkspaceInfo, zone_on_record
from commands.privacy import NotPrivate
from commands.theme_dispatch import is_theme_text

logger = logging.getLogger(__name__)


HOME_TAB = "Your promises, your kept rate and the cases you logged are on angrycall's *Home* tab."


async def on_command(services: Services, client: AsyncWebClient, *, ack: AsyncAck,
                     respond: AsyncRespond, body: dict[str, Any], requester: Requester) -> None:
    origin, workspace = requester.origin, requester.workspace
    request = parse_request(body.get("text") or "")
    if request.kind is RequestKind.OPEN_FORM and is_theme_text(request.argument):
        await ack()
        await on_theme_command(services, client, respond=respond, origin=origin,
                               text=request.argument)
        return
    if request.kind is RequestKind.HELP:
        await ack(**messages.help_message())
        return
    await ack()
    match request.kind:
        case RequestKind.DIGEST:
            await on_digest(services, client, respond=respond, origin=origin,
                            workspace=workspace, text=request.argument)
        case RequestKind.SETTINGS:
            await show_settings(services, client, requester=requester,
                                trigger_id=body["trigger_id"])
        case RequestKind.LIST:
            await respond(**await _my_list(services, origin, workspace),
                          response_type="ephemeral")
        case RequestKind.HOME:
            await respond(text=HOME_TAB, response_type="ephemeral")
        case _:
            await _open_from_text(services, client, origin, workspace, body["trigger_id"],
                                  request.argument)


async def on_message_shortcut(services: Services, client: AsyncWebClient, *, ack: AsyncAck,
                              body: dict[str, Any], requester: Requester) -> None:
    """Log from a message: prefilled with its text, then linked to it and its mentions named."""
    origin, workspace = requester.origin, requester.workspace
    await ack()
    message = body.get("message") or {}
    raw = str(message.get("text") or "")
    zone = await _zone(services, origin, workspace)
    prefill = await _message_prefill(decode(raw), services.now(), zone)
    opened = await open_form(
        services, client, origin=origin, workspace=workspace, trigger_id=body["trigger_id"],
        prefill=prefill,
    )
    names = await display_names(client, mentioned_without_name(raw))
    if names:
        prefill = await _message_prefill(decode(raw, names), services.now(), zone)
    link = await _permalink(client, origin.channel_id, message.get("ts"))
    if link is not None or names:
        await refill_form(services, client, opened=opened,
                          prefill=replace(prefill, source_permalink=link))


async def _message_prefill(text: str, now: Any, zone: ZoneInfo) -> Prefill:
    """A message is a record of what happened: unlike a quick note, it is kept whole."""
    guessed = await read_quick_text(text, now=now, zone=zone)
    return replace(guessed, what_happened=text[:MAX_TEXT_LENGTH])


async def _permalink(client: AsyncWebClient, channel_id: str | None, ts: Any) -> str | None:
    """The message's link; None when Slack won't give it (the form works without it)."""
    if not channel_id or not isinstance(ts, str):
        return None
    try:
        found = await client.chat_getPermalink(channel=channel_id, message_ts=ts)
    except (SlackApiError, ClientError, TimeoutError) as error:
        logger.warning("no permalink for the message: %s", error)
        return None
    link = found.get("permalink")
    return link if isinstance(link, str) else None


async def _open_from_text(services: Services, client: AsyncWebClient, origin: Origin,
                          workspace: WorkspaceInfo, trigger_id: str, text: str) -> None:
    """Open at once with the zone on record; if Slack knows a different one, re-parse the text."""
    if not text:
        # Nothing to read dates from: no zone needed (the submission looks it up), so the
        # modal opens at once, well inside the trigger id's 3 seconds.
        await open_form(services, client, origin=origin, workspace=workspace,
                        trigger_id=trigger_id, prefill=Prefill())
        return
    zone = await _zone(services, origin, workspace)
    prefill = await read_quick_text(decode(text), now=services.now(), zone=zone)
    opened = await open_form(
        services, client, origin=origin, workspace=workspace, trigger_id=trigger_id,
        prefill=prefill,
    )
    zones = await zones_for(
        services, client, workspace_id=workspace.workspace_id, user_ids=[origin.user_id]
    )
    names = await display_names(client, mentioned_without_name(text))
    fresh_zone = zones.get(origin.user_id, UTC)
    if fresh_zone != zone or names:
        better = await read_quick_text(decode(text, names), now=services.now(), zone=fresh_zone)
        await refill_form(services, client, opened=opened, prefill=better)


async def _zone(services: Services, origin: Origin, workspace: WorkspaceInfo) -> ZoneInfo:
    return await zone_on_record(services.db, workspace_id=workspace.workspace_id,
                                user_id=origin.user_id, now=services.now())


async def _my_list(services: Services, origin: Origin,
                   workspace: WorkspaceInfo) -> dict[str, Any]:
    # Answered ephemerally: only the asker sees it, in a channel too.
    reply = await my_list(services.db, OverviewAsk(
        workspace_id=workspace.workspace_id, actor=origin.user_id, privately=True,
        now=services.now()))
    if isinstance(reply, NotPrivate):
        return {"text": reply.text}
    return lists.open_commitments_list(reply.items, total=reply.total)
