"""Tokens for the Bot Connector calls (replies, proactive sends) and what hands them out.

In production MSAL gets them from Entra with the app's password (`MsalConnectionManager`).
MSAL accepts only an https authority, so tests (TEAMS_TOKEN_URL, loopback only) use a plain
client-credentials request to a local fake instead; local development without credentials
(TEAMS_ALLOW_ANONYMOUS) sends none.
"""

from __future__ import annotations

import httpx
from azure.core.credentials_async import AsyncTokenCredential
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.core import (
    AccessTokenProviderBase,
    AgentAuthConfiguration,
    AnonymousTokenProvider,
    ConnectionManager,
    Connections,
)

from bot.config import Settings

SERVICE_CONNECTION = "SERVICE_CONNECTION"


def auth_configuration(settings: Settings) -> AgentAuthConfiguration:
    password = settings.teams_app_password
    return AgentAuthConfiguration(
        client_id=settings.teams_app_id,
        tenant_id=settings.teams_tenant_id,
        client_secret=password.get_secret_value() if password else None,
        anonymous_allowed=anonymous_allowed(settings),
        # Tokens from the Bot Framework or our own tenant only (the SDK's default list for the
        # tenant). Off by default in the SDK, which otherwise takes any issuer whose keys sign.
        validate_issuer=True,
    )


def anonymous_allowed(settings: Settings) -> bool:
    """Unsigned requests only without an app password: with one, an unsigned request could
    store a personal chat at a service URL of its choosing, and every later nudge would carry
    a real Bot Connector token there (the loopback-only check can't see a local proxy)."""
    return settings.teams_allow_anonymous and settings.teams_app_password is None


def connections(settings: Settings) -> Connections:
    configs = {SERVICE_CONNECTION: auth_configuration(settings)}
    if settings.teams_token_url:
        url = settings.teams_token_url
        return ConnectionManager(provider_factory=lambda c: LoopbackTokens(url, c),
                                 connections_configurations=configs)
    if anonymous_allowed(settings):
        return ConnectionManager(provider_factory=lambda _c: AnonymousTokenProvider(),
                                 connections_configurations=configs)
    return MsalConnectionManager(connections_configurations=configs)


class LoopbackTokens(AccessTokenProviderBase):
    """OAuth client credentials against a local token endpoint (tests only)."""

    def __init__(self, url: str, configuration: AgentAuthConfiguration) -> None:
        self._url = url
        self._configuration = configuration

    @property
    def configuration(self) -> AgentAuthConfiguration:
        return self._configuration

    async def get_access_token(self, resource_url: str, scopes: list[str],
                               force_refresh: bool = False) -> str:
        form = {"grant_type": "client_credentials", "scope": " ".join(scopes),
                "client_id": self._configuration.CLIENT_ID or "",
                "client_secret": self._configuration.CLIENT_SECRET or ""}
        try:
            async with httpx.AsyncClient(trust_env=False) as client:
                response = await client.post(self._url, data=form)
            response.raise_for_status()
            token: str = response.json()["access_token"]
        except (httpx.HTTPError, KeyError) as error:
            # As MsalAuth does when Entra refuses: a ValueError, so both fail sends alike.
            raise ValueError(f"no token from {self._url}: {error!r}") from error
        return token

    # Only Bot Connector tokens are asked of this provider; the SDK's other flows (user sign-in,
    # agentic identities) are not used by angrycall.
    def get_token_credential(self) -> AsyncTokenCredential:
        raise NotImplementedError

    async def acquire_token_on_behalf_of(self, scopes: list[str], user_assertion: str) -> str:
        raise NotImplementedError

    async def get_agentic_application_token(self, tenant_id: str,
                                            agent_app_instance_id: str) -> str | None:
        raise NotImplementedError

    async def get_agentic_instance_token(self, tenant_id: str,
                                         agent_app_instance_id: str) -> tuple[str, str]:
        raise NotImplementedError

    async def get_agentic_user_token(self, tenant_id: str, agent_app_instance_id: str,
                                     agentic_user_id: str, scopes: list[str]) -> str | None:
        raise NotImplementedError
