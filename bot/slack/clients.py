"""Slack Web API clients: every one of them honours SLACK_API_URL and retries like we need."""

from __future__ import annotations

from aiohttp import ClientSession
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

# Interactive calls wait out a 429's Retry-After; a few 5xx are retried with backoff.
RATE_LIMIT_RETRIES = 3
SERVER_ERROR_RETRIES = 2
TIMEOUT_SECONDS = 10


def retry_handlers() -> list[AsyncRetryHandler]:
    return [
        AsyncConnectionErrorRetryHandler(max_retry_count=1),
        AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        AsyncServerErrorRetryHandler(max_retry_count=SERVER_ERROR_RETRIES),
    ]


def web_client(
    *, api_url: str, token: str | None, session: ClientSession | None = None
) -> AsyncWebClient:
    """A client for SLACK_API_URL. Pass a `session` to reuse connections across many calls
    (without one, slack_sdk opens a new connection for every request)."""
    return AsyncWebClient(
        token=token,
        base_url=api_url,
        timeout=TIMEOUT_SECONDS,
        retry_handlers=retry_handlers(),
        session=session,
    )
