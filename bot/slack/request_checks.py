"""What every request passes before a listener runs, in one bolt middleware.

bolt works out a function middleware's arguments anew for every request (inspecting its
signature): three of them cost a help command as much as bolt's own ack, and even one was a
tenth of it. So this is one middleware, and a class one (bolt calls it directly). In order:
Slack's notice that the app's events are rate-limited (its own shape), then the payload
contract (listeners may trust what they read), then repeated event deliveries (Slack retries);
then who asks is resolved once, for every listener (bot/slack/requester.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.services import Services
from bot.slack.app_events import rate_limited_answer
from bot.slack.malformed import malformed_answer
from bot.slack.requester import resolve_requester
from commands.deliveries import first_delivery

Next = Callable[[], Awaitable[BoltResponse]]


class RequestChecks(AsyncMiddleware):
    def __init__(self, services: Services) -> None:
        self.services = services

    async def async_process(self, *, req: AsyncBoltRequest, resp: BoltResponse,
                            next: Next) -> BoltResponse | None:
        body, context = req.body, req.context
        answer = rate_limited_answer(body)
        if answer is None:
            answer = await malformed_answer(body, context.respond)
        if answer is None and await _is_repeated_event(self.services, body):
            answer = BoltResponse(status=200, body="")
        if answer is not None:
            return answer
        await resolve_requester(self.services, body, context)
        return await next()


async def _is_repeated_event(services: Services, body: dict[str, Any]) -> bool:
    event_id = body.get("event_id") if body.get("type") == "event_callback" else None
    return bool(event_id) and not await first_delivery(
        services.db, event_id=str(event_id), now=services.now())
