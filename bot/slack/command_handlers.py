"""`/angrycall [help | list | digest | <quick text>]` and the message shortcut."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.services import Services
from bot.slack import lists, messages
from bot.slack.context import Origin, origin_of_command, origin_of_interaction
from bot.slack.digest_handlers import on_digest
from bot.slack.directory import zones_for
from bot.slack.form_handlers import open_form, refill_form
from bot.slack.settings_handlers import open_settings
from bot.slack.theme_commands import on_theme_command
from commands.cases import Prefill
from commands.grammar import RequestKind, parse_request
from commands.my_commitments import my_open_commitments
from commands.people import UTC, WorkspaceInfo, workspace_for, zone_on_record
from commands.quicklog import parse_quick_text
from commands.theme_dispatch import is_theme_text


async def on_command(
    services: Services,
    client: AsyncWebClient,
    *,
    ack: AsyncAck,
    respond: AsyncRespond,
    body: dict[str, Any],
) -> None:
    request = parse_request(body.get("text") or "")
    origin = origin_of_command(body)
    if request.kind is RequestKind.OPEN_FORM and is_theme_text(request.argument):
        await ack()
        await on_theme_command(services, client, respond=respond, origin=origin,
                               text=request.argument)
    elif request.kind is RequestKind.HELP:
        await ack(**messages.help_message())
    elif request.kind is RequestKind.DIGEST:
        await ack()
        await on_digest(services, client, respond=respond, origin=origin, text=request.argument)
    elif request.kind is RequestKind.SETTINGS:
        await ack()
        await open_settings(services, client, origin=origin, trigger_id=body["trigger_id"])
    elif request.kind is RequestKind.LIST:
        await ack()
        await respond(**await _my_list(services, origin), response_type="ephemeral")
    else:
        await ack()
        await _open_from_text(services, client, origin, body["trigger_id"], request.argument)


async def on_message_shortcut(
    services: Services, client: AsyncWebClient, *, ack: AsyncAck, body: dict[str, Any]
) -> None:
    """Log from a message: prefilled with its text, then linked to it."""
    await ack()
    origin = origin_of_interaction(body)
    message = body.get("message") or {}
    text = message.get("text") or ""
    workspace, zone = await _workspace_and_zone(services, origin)
    prefill = parse_quick_text(text, now=services.now(), zone=zone)
    opened = await open_form(
        services, client, origin=origin, workspace=workspace, trigger_id=body["trigger_id"],
        prefill=prefill,
    )
    link = await client.chat_getPermalink(channel=origin.channel_id or "", message_ts=message["ts"])
    linked = Prefill(
        customer=prefill.customer,
        what_happened=prefill.what_happened,
        due_date=prefill.due_date,
        due_time=prefill.due_time,
        source_permalink=link["permalink"],
    )
    await refill_form(services, client, opened=opened, prefill=linked)


async def _open_from_text(
    services: Services, client: AsyncWebClient, origin: Origin, trigger_id: str, text: str
) -> None:
    """Open at once with the zone on record; if Slack knows a different one, re-parse the text."""
    if not text:
        # Nothing to read dates from: no zone needed (the submission looks it up), so the
        # modal opens after one query, well inside the trigger id's 3 seconds.
        workspace = await services.workspaces.get(origin.team)
        await open_form(services, client, origin=origin, workspace=workspace,
                        trigger_id=trigger_id, prefill=Prefill())
        return
    workspace, zone = await _workspace_and_zone(services, origin)
    prefill = parse_quick_text(text, now=services.now(), zone=zone)
    opened = await open_form(
        services, client, origin=origin, workspace=workspace, trigger_id=trigger_id,
        prefill=prefill,
    )
    zones = await zones_for(
        services, client, workspace_id=workspace.workspace_id, user_ids=[origin.user_id]
    )
    fresh_zone = zones.get(origin.user_id, UTC)
    if fresh_zone != zone:
        better = parse_quick_text(text, now=services.now(), zone=fresh_zone)
        await refill_form(services, client, opened=opened, prefill=better)


async def _workspace_and_zone(
    services: Services, origin: Origin
) -> tuple[WorkspaceInfo, ZoneInfo]:
    now = services.now()
    workspace = await workspace_for(
        services.db, team=origin.team, default_categories=services.settings.categories, now=now
    )
    zone = await zone_on_record(
        services.db, workspace_id=workspace.workspace_id, user_id=origin.user_id, now=now
    )
    return workspace, zone


async def _my_list(services: Services, origin: Origin) -> dict[str, Any]:
    now = services.now()
    workspace = await workspace_for(
        services.db, team=origin.team, default_categories=services.settings.categories, now=now
    )
    items = await my_open_commitments(
        services.db, workspace_id=workspace.workspace_id, user_id=origin.user_id, now=now
    )
    return lists.open_commitments_list(items)
