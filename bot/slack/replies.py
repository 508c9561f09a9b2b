"""Answering whoever clicked, on any surface: a message (its response_url), a modal, App Home.

Clicks in App Home and in modals carry no response_url, so bolt's respond() raises there and
the person sees nothing. They carry a trigger id instead: a small modal says it, opened over
App Home or pushed over the modal; a direct message when the trigger id can no longer be used.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from aiohttp import ClientError
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.models.attachments import Attachment
from slack_sdk.models.blocks import Block
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook import WebhookResponse

from bot.slack.messenger import try_direct_message
from bot.slack.mrkdwn import clip

logger = logging.getLogger(__name__)
NOTICE_TITLE = "angrycall"


def respond_for(client: AsyncWebClient, body: dict[str, Any],
                respond: AsyncRespond | None) -> AsyncRespond:
    """bolt's respond() where the click came with a response_url, a notice modal elsewhere."""
    if respond is not None and respond.response_url:
        return respond
    return NoticeRespond(client, body)


class NoticeRespond(AsyncRespond):
    """respond() for surfaces without a response_url: the text in a modal, or by DM."""

    def __init__(self, client: AsyncWebClient, body: dict[str, Any]) -> None:
        super().__init__(response_url=None)
        self._client = client
        self._body = body

    async def __call__(  # bolt's own signature, kept for its callers
        self,
        text: str | dict[str, Any] = "",
        blocks: Sequence[dict[str, Any] | Block] | None = None,
        attachments: Sequence[dict[str, Any] | Attachment] | None = None,
        response_type: str | None = None,
        replace_original: bool | None = None,
        delete_original: bool | None = None,
        unfurl_links: bool | None = None,
        unfurl_media: bool | None = None,
        thread_ts: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> WebhookResponse:
        words = str(text.get("text", "")) if isinstance(text, dict) else text
        await tell_clicker(self._client, self._body, words)
        return WebhookResponse(url="", status_code=200, body="ok", headers={})


async def tell_clicker(client: AsyncWebClient, body: dict[str, Any], text: str) -> None:
    """Show `text` to the person who clicked, best effort: this is already the bad news."""
    user_id = str((body.get("user") or {}).get("id") or "")
    trigger_id = body.get("trigger_id")
    if isinstance(trigger_id, str) and trigger_id:
        try:
            await _open_notice(client, body, trigger_id, text)
            return
        except (SlackApiError, ClientError, TimeoutError) as error:
            logger.warning("could not show a notice in a modal: %s", error)
    if user_id:
        await try_direct_message(client, user_id=user_id, message={"text": text})


async def _open_notice(client: AsyncWebClient, body: dict[str, Any], trigger_id: str,
                       text: str) -> None:
    view = notice_modal(text)
    if (body.get("view") or {}).get("type") == "modal":
        # A click inside a modal: a new modal can only be stacked on it.
        await client.views_push(trigger_id=trigger_id, view=view)
    else:
        await client.views_open(trigger_id=trigger_id, view=view)


def notice_modal(text: str) -> dict[str, Any]:
    """A modal with one short text and a button to close it (pure)."""
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": NOTICE_TITLE},
        "close": {"type": "plain_text", "text": "OK"},
        "blocks": [{"type": "section",
                    "text": {"type": "mrkdwn", "text": clip(text or "Nothing to do here.",
                                                            3000)}}],
    }
