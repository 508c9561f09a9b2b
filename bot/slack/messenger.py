"""Sending to people on Slack: private confirmations and direct messages."""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.error_codes import error_code

logger = logging.getLogger(__name__)

Message = dict[str, Any]
# Channels where an ephemeral reply can't work (not a member, a DM the bot isn't in, ...):
# the reply goes to the person's DM with the app instead.
EPHEMERAL_FALLBACK_ERRORS = frozenset(
    {"channel_not_found", "user_not_in_channel", "not_in_channel", "is_archived"}
)


async def reply_privately(
    client: AsyncWebClient, *, channel_id: str | None, user_id: str, message: Message
) -> None:
    """Show `message` only to `user_id`: ephemeral in the channel they typed in, else by DM."""
    if channel_id:
        try:
            await client.chat_postEphemeral(channel=channel_id, user=user_id, **message)
            return
        except SlackApiError as error:
            if error_code(error) not in EPHEMERAL_FALLBACK_ERRORS:
                raise
    await send_direct_message(client, user_id=user_id, message=message)


async def try_reply_privately(
    client: AsyncWebClient, *, channel_id: str | None, user_id: str, message: Message
) -> bool:
    """`reply_privately`, logging rather than raising when Slack fails (5xx, timeout, ...)."""
    try:
        await reply_privately(client, channel_id=channel_id, user_id=user_id, message=message)
    except (SlackApiError, ClientError, TimeoutError) as error:
        logger.warning("could not reply to %s: %s", user_id, error)
        return False
    return True


async def send_direct_message(client: AsyncWebClient, *, user_id: str, message: Message) -> str:
    """DM a person from the app; returns the DM channel id.

    Posting to the user id lands in their DM with the app (as nudges do): no conversations.open
    round trip first."""
    posted = await client.chat_postMessage(channel=user_id, **message)
    channel_id: str = posted["channel"]
    return channel_id


async def try_direct_message(client: AsyncWebClient, *, user_id: str, message: Message) -> bool:
    """DM a person, logging rather than raising when Slack refuses (deleted user, ...)."""
    try:
        await send_direct_message(client, user_id=user_id, message=message)
    except (SlackApiError, ClientError, TimeoutError) as error:
        logger.warning("could not DM %s: %s", user_id, error)
        return False
    return True
