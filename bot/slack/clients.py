"""Slack Web API clients: every one of them honours SLACK_API_URL and retries like we need."""

from __future__ import annotations

from typing import Protocol

from aiohttp import ClientSession
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.tokens import BotTokens
from commands.people import Team

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


class ClientSource(Protocol):
    async def client_for(self, team: Team) -> AsyncWebClient:
        """A client speaking for the app in `team`; TokenUnavailable when it can't."""
        ...


class RequestClient:
    """Inside a request: bolt's client already holds the requesting workspace's token."""

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client

    async def client_for(self, team: Team) -> AsyncWebClient:
        return self._client


class TeamClients:
    """For work no request started (nudges, digests): each workspace's own bot token, found
    (and refreshed) when needed; one HTTP session shared by all of them."""

    def __init__(self, *, api_url: str, tokens: BotTokens,
                 session: ClientSession | None = None) -> None:
        self._api_url = api_url
        self._tokens = tokens
        self._session = session
        # One client per token, not per message: building one (and its retry handlers) was a
        # tenth of a nudge's Slack call. A refreshed token gets a client of its own.
        self._clients: dict[str, AsyncWebClient] = {}

    async def client_for(self, team: Team) -> AsyncWebClient:
        token = await self._tokens.bot_token(team.external_id)
        if (client := self._clients.get(token)) is None:
            client = self._clients[token] = web_client(api_url=self._api_url, token=token,
                                                       session=self._session)
        return client
