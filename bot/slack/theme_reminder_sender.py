"""Theme fix-date reminders as Slack DMs: the reminder, then the theme with its buttons."""

from __future__ import annotations

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError

from bot.slack.clients import ClientSource
from bot.slack.mrkdwn import clip, escape
from bot.slack.nudge_sender import client_or_failure, delivery_failure
from bot.slack.theme_views import theme_post
from commands.ports import Delivered, DeliveryFailed
from commands.theme_reminders import ThemeReminder
from commands.theme_texts import reminder_text


class SlackThemeReminders:
    def __init__(self, clients: ClientSource) -> None:
        self.clients = clients

    async def send_theme_reminder(self, reminder: ThemeReminder) -> Delivered:
        client = await client_or_failure(self.clients, reminder.team)
        view = reminder.theme
        owner = f"<@{view.owner_user_id}>" if view.owner_user_id else "nobody"
        # The owner's mention goes in after escaping, where the words leave a gap for it.
        text = escape(reminder_text(reminder.kind.value, view, "\x00")).replace("\x00", owner)
        post = theme_post(view)
        lead = {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, 3000)}}
        try:
            response = await client.chat_postMessage(
                channel=reminder.recipient_user_id, text=clip(text, 3000),
                blocks=[lead, *post["blocks"]])
        except SlackApiError as error:
            raise delivery_failure(error) from error
        except (ClientError, TimeoutError) as error:
            raise DeliveryFailed(f"network: {error!r}", permanent=False,
                                 maybe_delivered=True) from error
        return Delivered(channel_id=response["channel"], message_ts=response["ts"])
