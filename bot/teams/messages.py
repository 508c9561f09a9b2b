"""Cards and text as activities, and what a Bot Connector failure means for an outbox row."""

from __future__ import annotations

import hashlib

from aiohttp import ClientError, ClientResponseError
from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    AdaptiveCardInvokeResponse,
    InvokeResponse,
    TextFormatTypes,
)
from microsoft_agents.hosting.core import CardFactory, MessageFactory, TurnContext
from pydantic import ValidationError

from bot.teams.adaptive import Element, plain
from commands.ports import DeliveryFailed

# Worth another try later: throttled, or the service had a bad moment (Microsoft's advice).
# 401 is our token refused (an app password rotated, an Entra hiccup): the operator's to fix,
# and no reason to drop the nudge. 403 and 404 are the chat's: the app removed, the chat gone.
TRANSIENT_STATUSES = frozenset({401, 408, 412, 429, 500, 502, 503, 504})
DEFAULT_RETRY_AFTER = 1.0
# What sending can raise besides DeliveryFailed: the Bot Connector's answer or the network
# (aiohttp), or no token to send with (MSAL); `delivery_failure` says what each means.
SEND_ERRORS = (ClientError, TimeoutError, ValueError, OSError)
MAX_RETRY_AFTER = 3600.0  # beyond, a bogus header: a nudge must not sleep for a week


def card_message(card: Element, *, summary: str = "") -> Activity:
    """A card; `summary` is what Teams shows in notifications and the chat list. Not `text`:
    that is a second bubble above the card, rendered as Markdown. Escaped all the same, as a
    client that shows it rendered must not turn a typed `[x](https://…)` into a link."""
    message: Activity = MessageFactory.attachment(CardFactory.adaptive_card(card))
    if summary:
        message.summary = plain(summary)
    return message


def card_update(activity_id: str, card: Element) -> Activity:
    """The same message redrawn: Teams replaces the activity with this id in place."""
    update = card_message(card)
    update.id = activity_id
    return update


def text_message(text: str) -> Activity:
    return MessageFactory.text(text)


def plain_text_message(text: str) -> Activity:
    """A text that repeats what someone typed: shown as typed. Teams renders Markdown and some
    HTML in messages, so typed `[x](https://…)` or `<a href>` would otherwise become a link."""
    message = MessageFactory.text(text)
    message.text_format = TextFormatTypes.plain
    return message


def invoke_answer(text: str) -> Activity:
    """The reply to an invoke (HTTP 200): Teams shows `text` where the user acted."""
    answer = AdaptiveCardInvokeResponse(status_code=200,
                                        type="application/vnd.microsoft.activity.message",
                                        value=text)
    return Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(
        status=200, body=answer.model_dump(mode="json", by_alias=True, exclude_none=True)))


def delivery_failure(error: Exception) -> DeliveryFailed:
    """Wait (429), back off (5xx, 412, 401, no token), or give up (the chat is gone, the bot
    removed, the stored address unusable)."""
    if isinstance(error, ValidationError):
        return DeliveryFailed("the stored conversation reference is unusable", permanent=True)
    if isinstance(error, ClientResponseError):
        return _answered(error)
    if isinstance(error, ClientError | TimeoutError):
        return DeliveryFailed(f"network: {error!r}", permanent=False, maybe_delivered=True)
    # No token to send with: MSAL raises ValueError when Entra refuses (a rotated password)
    # and requests' OSErrors when it can't be reached. The operator's to fix; retried.
    return DeliveryFailed(f"no Bot Connector token: {type(error).__name__}", permanent=False)


def _answered(error: ClientResponseError) -> DeliveryFailed:
    status = error.status
    if status == 429:
        header = error.headers.get("Retry-After") if error.headers else None
        return DeliveryFailed("throttled", permanent=False, retry_after=retry_after(header))
    reason = f"Bot Connector HTTP {status}"
    return DeliveryFailed(reason, permanent=status not in TRANSIENT_STATUSES,
                          maybe_delivered=status >= 500)


def retry_after(header: str | None) -> float:
    """Seconds to wait: Retry-After may also be an HTTP date, or nonsense; then a second."""
    try:
        seconds = float(header or DEFAULT_RETRY_AFTER)
    except ValueError:
        return DEFAULT_RETRY_AFTER
    return seconds if 0 <= seconds <= MAX_RETRY_AFTER else DEFAULT_RETRY_AFTER


def fit(value: str, limit: int) -> str:
    """Teams ids can outgrow the outbox's Slack-sized columns, which only keep a record of where
    a message went: keep the id when it fits, a stable digest of it when it doesn't."""
    if len(value) <= limit:
        return value
    return "h:" + hashlib.sha256(value.encode()).hexdigest()[: limit - 2]


async def replace_card(context: TurnContext, card: Element) -> None:
    """Redraw the card a submit came from (its id is the submit's replyToId); without one,
    answer with a new card."""
    if context.activity.reply_to_id:
        await context.update_activity(card_update(context.activity.reply_to_id, card))
    else:
        await context.send_activity(card_message(card))
