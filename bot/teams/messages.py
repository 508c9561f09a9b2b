"""Cards and text as activities, and what a Bot Connector failure means for an outbox row."""

from __future__ import annotations

import hashlib

from aiohttp import ClientError, ClientResponseError
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import CardFactory, MessageFactory, TurnContext

from bot.teams.adaptive import Element
from commands.ports import DeliveryFailed

# Worth another try later: throttled, or the service had a bad moment (Microsoft's advice).
TRANSIENT_STATUSES = frozenset({408, 412, 429, 500, 502, 503, 504})


def card_message(card: Element, *, summary: str = "") -> Activity:
    # `summary` is what Teams shows in notifications and the chat list.
    message: Activity = MessageFactory.attachment(CardFactory.adaptive_card(card),
                                                  text=summary or None)
    return message


def card_update(activity_id: str, card: Element) -> Activity:
    """The same message redrawn: Teams replaces the activity with this id in place."""
    update = card_message(card)
    update.id = activity_id
    return update


def text_message(text: str) -> Activity:
    return MessageFactory.text(text)


def delivery_failure(error: ClientError | TimeoutError) -> DeliveryFailed:
    """Wait (429), back off (5xx, 412), or give up (the chat is gone, the bot was removed)."""
    if not isinstance(error, ClientResponseError):
        return DeliveryFailed(f"network: {error!r}", permanent=False, maybe_delivered=True)
    status = error.status
    if status == 429:
        retry_after = (error.headers.get("Retry-After") if error.headers else None) or 1
        return DeliveryFailed("throttled", permanent=False, retry_after=float(retry_after))
    reason = f"Bot Connector HTTP {status}"
    return DeliveryFailed(reason, permanent=status not in TRANSIENT_STATUSES,
                          maybe_delivered=status >= 500)


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
