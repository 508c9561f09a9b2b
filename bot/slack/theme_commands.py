"""`/angrycall theme ...`, `themes`, `told`, `unreachable` on Slack: the same text commands as
on Teams (`commands.theme_dispatch`); others hear of them with the Block Kit posts and DMs."""

from __future__ import annotations

import logging

from aiohttp import ClientError
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.services import Services
from bot.slack.context import Origin
from bot.slack.messenger import try_direct_message
from bot.slack.mrkdwn import clip, escape
from bot.slack.theme_views import declined_notice, tell_the_customer, theme_post
from commands.theme_dispatch import ThemeTurn, answer_theme_text
from commands.theme_views import ThemeView
from commands.themes import Actor

logger = logging.getLogger(__name__)


class SlackThemeNotices:
    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def theme_started(self, view: ThemeView) -> None:
        if view.channel_id is None:
            return
        try:
            await self.client.chat_postMessage(channel=view.channel_id, **theme_post(view))
        except (SlackApiError, ClientError, TimeoutError) as error:
            logger.warning("theme %s not posted to its channel: %s", view.theme_id, error)

    async def theme_declined(self, view: ThemeView) -> None:
        await try_direct_message(self.client, user_id=view.started_by_user_id,
                                 message=declined_notice(view))

    async def theme_fixed(self, view: ThemeView) -> None:
        for line in view.cases:
            await try_direct_message(self.client, user_id=line.teller_user_id,
                                     message=tell_the_customer(view, line))

    async def channel_owns(self, channel_id: str) -> None:
        """Slack can post to any channel the bot is in: nothing to keep."""


async def on_theme_command(services: Services, client: AsyncWebClient, *,
                           respond: AsyncRespond, origin: Origin, text: str) -> None:
    turn = ThemeTurn(db=services.db, actor=Actor(user_id=origin.user_id, team=origin.team),
                     channel_id=origin.channel_id, now=services.now(),
                     notices=SlackThemeNotices(client))
    answer = await answer_theme_text(turn, text)
    await respond(text=clip(escape(answer), 3000), response_type="ephemeral")
