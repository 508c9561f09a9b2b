"""`/angrycall digest here|off|preview` on Slack: asks commands.digest_subscriptions and renders
its reply."""

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
from bot.slack.settings_handlers import is_workspace_admin
from commands.digest_composition import Digest
from commands.digest_subscriptions import (
    DigestAsk,
    DigestReply,
    NotAChannel,
    NotAllowed,
    Preview,
    Subscribed,
    Unsubscribed,
    Usage,
    answer_digest,
)
from commands.people import UTC, WorkspaceInfo
from commands.refusals import NOT_A_CHANNEL, NOT_ALLOWED
from commands.team_settings import WEEKDAY_NAMES

Message = dict[str, Any]


async def on_digest(services: Services, client: AsyncWebClient, *, respond: AsyncRespond,
                    origin: Origin, workspace: WorkspaceInfo, text: str) -> None:
    zones = await zones_for(services, client, workspace_id=workspace.workspace_id,
                            user_ids=[origin.user_id])
    ask = DigestAsk(
        team=origin.team, workspace_id=workspace.workspace_id, actor=origin.user_id,
        actor_is_admin=await is_workspace_admin(client, origin.user_id),
        actor_zone=zones.get(origin.user_id, UTC),
        # A DM (D…) is no channel a digest could be posted to.
        channel_id=origin.channel_id if origin.channel_id and not (
            origin.channel_id.startswith("D")) else None,
        text=text, now=services.now())
    reply = await answer_digest(services.db, ask, SlackDigestPublisher(RequestClient(client)))
    await respond(**digest_reply_message(reply), response_type="ephemeral")


def digest_reply_message(reply: DigestReply) -> Message:
    match reply:
        case Usage(text):
            return {"text": text.replace("`angrycall ", "`/angrycall ")}
        case NotAllowed():
            return {"text": NOT_ALLOWED}
        case NotAChannel():
            return {"text": NOT_A_CHANNEL}
        case Unsubscribed(was_subscribed):
            return {"text": "This channel will get no more digests." if was_subscribed else
                    "This channel was not subscribed."}
        case Subscribed():
            return {"text": _subscribed_text(reply)}
        case Preview(digest):
            return _preview_message(digest)


def _subscribed_text(reply: Subscribed) -> str:
    members = " on the cases of this channel's members" if reply.members_only else ""
    categories = f" in {', '.join(reply.categories)}" if reply.categories else ""
    schedule = reply.schedule
    return (f":newspaper: This channel gets the weekly digest{members}{categories} every "
            f"{WEEKDAY_NAMES[schedule.weekday]} at {schedule.at:%H:%M} ({schedule.zone.key}); "
            f"the first on {slack_date(reply.first_post_at, schedule.zone)}. Make sure "
            "angrycall is in the channel (`/invite @angrycall`).")


def _preview_message(digest: Digest) -> Message:
    message = digest_message(digest)
    for number, study in enumerate(digest.studies, start=1):
        message["blocks"] += study_message(number, study)["blocks"]
    return message
