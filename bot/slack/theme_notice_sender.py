"""Theme notices on Slack: the owning channel's post, and the DMs back to people."""

from __future__ import annotations

from typing import Any

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError

from bot.slack.clients import ClientSource
from bot.slack.nudge_sender import client_or_failure, delivery_failure
from bot.slack.theme_views import declined_notice, tell_the_customer, theme_post
from commands.ports import Delivered, DeliveryFailed
from commands.theme_notices import ThemeNoticeMessage


class SlackThemeNotices:
    def __init__(self, clients: ClientSource) -> None:
        self.clients = clients

    async def send_theme_notice(self, notice: ThemeNoticeMessage) -> Delivered:
        client = await client_or_failure(self.clients, notice.team)
        try:
            # A user id as channel posts to the app's DM with that person.
            response = await client.chat_postMessage(channel=notice.recipient,
                                                     **_message(notice))
        except SlackApiError as error:
            raise delivery_failure(error) from error
        except (ClientError, TimeoutError) as error:
            raise DeliveryFailed(f"network: {error!r}", permanent=False,
                                 maybe_delivered=True) from error
        return Delivered(channel_id=response["channel"], message_ts=response["ts"])


def _message(notice: ThemeNoticeMessage) -> dict[str, Any]:
    if notice.kind == "tell" and notice.line is not None:
        return tell_the_customer(notice.theme, notice.line)
    return declined_notice(notice.theme) if notice.kind == "declined" else theme_post(
        notice.theme)
