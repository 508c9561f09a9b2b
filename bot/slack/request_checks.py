"""What every request passes before a listener runs, in one bolt middleware.

bolt works out each middleware's arguments anew for every request (inspecting its signature):
three middlewares cost a help command as much as bolt's own ack. One, in this order:
Slack's notice that the app's events are rate-limited (its own shape), then the payload
contract (listeners may trust what they read), then repeated event deliveries (Slack retries);
then who asks is resolved once, for every listener (bot/slack/requester.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.response import BoltResponse

from bot.services import Services
from bot.slack.app_events import rate_limited_answer
from bot.slack.malformed import malformed_answer
from bot.slack.requester import resolve_requester
from commands.deliveries import first_delivery

Next = Callable[[], Awaitable[BoltResponse]]
Middleware = Callable[..., Awaitable[BoltResponse | None]]


def request_checks(services: Services) -> Middleware:
    async def check_request(body: dict[str, Any], context: AsyncBoltContext, next: Next,
                            respond: AsyncRespond | None = None) -> BoltResponse | None:
        answer = rate_limited_answer(body)
        if answer is None:
            answer = await malformed_answer(body, respond)
        if answer is None and await _is_repeated_event(services, body):
            answer = BoltResponse(status=200, body="")
        if answer is not None:
            return answer
        await resolve_requester(services, body, context)
        return await next()

    return check_request


async def _is_repeated_event(services: Services, body: dict[str, Any]) -> bool:
    event_id = body.get("event_id") if body.get("type") == "event_callback" else None
    return bool(event_id) and not await first_delivery(
        services.db, event_id=str(event_id), now=services.now())
