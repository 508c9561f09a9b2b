"""`/angrycall digest here|off|preview`: subscribing a channel to the weekly digest."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.services import Services
from bot.slack.clients import RequestClient
from bot.slack.context import Origin
from bot.slack.digest_publisher import SlackDigestPublisher
from bot.slack.digest_views import digest_message, study_message
from bot.slack.directory import zones_for
from bot.slack.mrkdwn import slack_date
from bot.slack.settings_handlers import NOT_ALLOWED, settings_for
from commands.digest_command import (
    DigestAction,
    DigestRequest,
    DigestRequestError,
    parse_digest_request,
)
from commands.digest_week import DigestSchedule, preview_days
from commands.digests import build_digest, scope_of, subscribe_channel
from commands.people import UTC, zone_named
from commands.team_settings import WEEKDAY_NAMES
from storage import digests
from storage.digests import Scope
from storage.workspaces import get_workspace

Message = dict[str, Any]
NOT_A_CHANNEL = "Run this in the team channel that should get the digest, not in a DM."


async def on_digest(services: Services, client: AsyncWebClient, *, respond: AsyncRespond,
                    origin: Origin, text: str) -> None:
    try:
        request = parse_digest_request(text)
    except DigestRequestError as error:
        await respond(text=str(error), response_type="ephemeral")
        return
    workspace_id, _current, allowed = await settings_for(services, client, origin)
    if request.action is DigestAction.PREVIEW:
        await respond(**await _preview(services, client, workspace_id, origin),
                      response_type="ephemeral")
    elif not allowed:
        await respond(text=NOT_ALLOWED, response_type="ephemeral")
    elif not origin.channel_id or origin.channel_id.startswith("D"):
        await respond(text=NOT_A_CHANNEL, response_type="ephemeral")
    elif request.action is DigestAction.UNSUBSCRIBE:
        gone = await digests.unsubscribe(services.db, workspace_id=workspace_id,
                                         channel_id=origin.channel_id)
        await respond(text="This channel will get no more digests." if gone else
                      "This channel was not subscribed.", response_type="ephemeral")
    else:
        zone = request.zone or (await zones_for(services, client, workspace_id=workspace_id,
                                                user_ids=[origin.user_id])).get(origin.user_id,
                                                                                 UTC)
        schedule = DigestSchedule(request.weekday, request.at, zone)
        subscribed = await subscribe_channel(
            services.db, workspace_id=workspace_id, channel_id=origin.channel_id,
            schedule=schedule, categories=request.categories,
            members_only=request.members_only, by=origin.user_id, now=services.now())
        await respond(text=_subscribed_text(schedule, subscribed.first_post_at, request),
                      response_type="ephemeral")


def _subscribed_text(schedule: DigestSchedule, first: Any, request: DigestRequest) -> str:
    members = " on the cases of this channel's members" if request.members_only else ""
    categories = f" in {', '.join(request.categories)}" if request.categories else ""
    scope = members + categories
    return (f":newspaper: This channel gets the weekly digest{scope} every "
            f"{WEEKDAY_NAMES[schedule.weekday]} at {schedule.at:%H:%M} ({schedule.zone.key}); "
            f"the first on {slack_date(first, schedule.zone)}. Make sure angrycall is in the "
            "channel (`/invite @angrycall`).")


async def _preview(services: Services, client: AsyncWebClient, workspace_id: int,
                   origin: Origin) -> Message:
    subscription = await digests.subscription_of(
        services.db, workspace_id=workspace_id, channel_id=origin.channel_id or "")
    workspace = await get_workspace(services.db, workspace_id=workspace_id)
    scope = (await scope_of(subscription, origin.team, SlackDigestPublisher(RequestClient(client)))
             if subscription else Scope(workspace_id=workspace_id))
    now = services.now()
    # Up to and including this very moment: a case logged a second ago is in the preview.
    week = preview_days(now, zone_named(subscription.tz if subscription else "UTC"),
                        workspace.created_at)
    digest = await build_digest(services.db, scope=scope, workspace=workspace, week=week,
                                now=now)
    message = digest_message(digest)
    for number, study in enumerate(digest.studies, start=1):
        message["blocks"] += study_message(number, study)["blocks"]
    return message
