"""`/angrycall theme ...`, `themes`, `told`, `unreachable`, `note` on Slack: the same text
commands as on Teams (`commands.theme_dispatch`); what others must hear goes out from the
outbox right after."""

from __future__ import annotations

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.outer_loop_senders import send_theme_notices_now
from bot.services import Services
from bot.slack.context import Origin
from bot.slack.mrkdwn import clip, escape
from commands.theme_dispatch import ThemeTurn, answer_theme_text
from commands.themes import Actor


class SlackThemeCommandNotices:
    def __init__(self, services: Services) -> None:
        self.services = services

    async def send_pending(self) -> None:
        await send_theme_notices_now(self.services)

    async def channel_owns(self, channel_id: str) -> None:
        """Slack can post to any channel the bot is in: nothing to keep."""


async def on_theme_command(services: Services, client: AsyncWebClient, *,
                           respond: AsyncRespond, origin: Origin, text: str) -> None:
    turn = ThemeTurn(db=services.db, actor=Actor(user_id=origin.user_id, team=origin.team),
                     channel_id=origin.channel_id, now=services.now(),
                     notices=SlackThemeCommandNotices(services))
    answer = await answer_theme_text(turn, text)
    await respond(text=clip(escape(answer), 3000), response_type="ephemeral")
