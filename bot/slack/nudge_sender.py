"""The Slack side of the Messenger port: nudges as DMs from the app."""

from __future__ import annotations

import logging

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.clients import ClientSource
from bot.slack.error_codes import error_code
from bot.slack.messenger import try_direct_message
from bot.slack.mrkdwn import clip, escape, slack_date
from bot.slack.nudge_views import nudge_message
from bot.slack.tokens import TokenUnavailable
from commands.people import Team, zone_named
from commands.ports import Delivered, DeliveryFailed, NudgeMessage, UndeliverableNotice

logger = logging.getLogger(__name__)

# Errors that no retry can fix: the person or the conversation is gone, or we may not post.
PERMANENT_ERRORS = frozenset({
    "channel_not_found", "user_not_found", "users_not_found", "account_inactive",
    "user_disabled", "is_archived", "not_in_channel", "cannot_dm_bot", "invalid_auth",
    "token_revoked", "not_authed", "missing_scope", "msg_too_long", "invalid_blocks",
})
NUDGE_EVENT_TYPE = "angrycall_nudge"


class SlackMessenger:
    """Sends nudges with the workspace's bot token; each DM carries the nudge id as message
    metadata."""

    def __init__(self, clients: ClientSource) -> None:
        self.clients = clients

    async def send_nudge(self, message: NudgeMessage) -> Delivered:
        client = await client_or_failure(self.clients, message.team)
        try:
            response = await client.chat_postMessage(
                # A user id as channel posts to the app's DM with that person.
                channel=message.recipient_user_id,
                metadata={"event_type": NUDGE_EVENT_TYPE,
                          "event_payload": {"nudge_id": message.nudge_id}},
                **nudge_message(message),
            )
        except SlackApiError as error:
            raise delivery_failure(error) from error
        except (ClientError, TimeoutError) as error:
            raise DeliveryFailed(f"network: {error!r}", permanent=False,
                                 maybe_delivered=True) from error
        return Delivered(channel_id=response["channel"], message_ts=response["ts"])

    async def report_undeliverable(self, notice: UndeliverableNotice) -> None:
        due = slack_date(notice.due_at, zone_named(notice.zone_name))
        text = (
            f":warning: I could not remind <@{notice.recipient_user_id}> of the promise to "
            f"*{escape(clip(notice.customer, 150))}* (due {due}): "
            f"{escape(notice.reason)}. Please make sure someone follows it up."
        )
        try:
            client = await self.clients.client_for(notice.team)
        except TokenUnavailable as error:
            logger.warning("could not tell %s: %s", notice.reporter_user_id, error)
            return
        await try_direct_message(client, user_id=notice.reporter_user_id, message={"text": text})


async def client_or_failure(clients: ClientSource, team: Team) -> AsyncWebClient:
    """The workspace's client, or the DeliveryFailed that an outbox row understands."""
    try:
        return await clients.client_for(team)
    except TokenUnavailable as error:
        raise DeliveryFailed(str(error), permanent=error.permanent) from error


def delivery_failure(error: SlackApiError) -> DeliveryFailed:
    """What a Slack error means for an outbox row: wait, back off, or give up."""
    status = error.response.status_code
    code = error_code(error) or f"HTTP {status}"
    if status == 429:
        retry_after = float(error.response.headers.get("Retry-After", 1) or 1)
        return DeliveryFailed("ratelimited", permanent=False, retry_after=retry_after)
    if status >= 500:
        return DeliveryFailed(code, permanent=False, maybe_delivered=True)
    return DeliveryFailed(code, permanent=code in PERMANENT_ERRORS)
