"""Right after a case is logged on Slack: if it is alike to earlier cases, say so, and offer
the theme picker."""

from __future__ import annotations

from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.services import Services
from bot.slack.messenger import try_reply_privately
from bot.slack.mrkdwn import clip, escape
from bot.slack.theme_views import theme_button
from commands.log_case import LoggedCase
from commands.theme_texts import offer_text
from commands.themes import suggestions_for_new_case


async def offer_themes(services: Services, client: AsyncWebClient, *, logged: LoggedCase,
                       channel_id: str | None) -> None:
    found = await suggestions_for_new_case(services.db, logged=logged,
                                           windows=services.theme_windows)
    summary = logged.summary
    if not found:
        return
    text = clip(escape(offer_text(summary.case_id, found, typed=False)), 2900)
    message: dict[str, Any] = {"text": text, "blocks": [
        {"type": "section", "text": {"type": "mrkdwn", "text": text}},
        {"type": "actions", "block_id": "theme_offer",
         "elements": [theme_button(str(summary.case_id))]}]}
    await try_reply_privately(client, channel_id=channel_id, user_id=summary.reporter_user_id,
                              message=message)
