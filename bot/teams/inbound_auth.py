"""Who may call `/api/messages`: the Agents SDK's JWT validation (RS256, audience = our app id,
issuer the Bot Framework or our tenant, tenant bound to issuer, 5-minute leeway), with its
signing keys read from Microsoft's JWKS. What the token says about the activity (the service
URL it is for) is checked against the activity itself in `bot.teams.inbound`.

`TEAMS_JWKS_URL` (loopback only) makes the same validator read the keys from a local JWKS
instead, so tests sign requests with a key of their own and still exercise every check.
"""

from __future__ import annotations

import logging
from typing import Any

from jwt import PyJWK, PyJWTError
from microsoft_agents.hosting.core import AgentAuthConfiguration, ClaimsIdentity, JwtTokenValidator

# The SDK keeps one key cache per JWKS address; this is its (private) hook for where keys come
# from, the only part replaced here.
from microsoft_agents.hosting.core.authorization.jwt.jwt_token_validator import (
    _JwkClientManager,
)

logger = logging.getLogger(__name__)


class _KeysFrom(_JwkClientManager):
    """Reads every signing key from one JWKS address, whatever the token's issuer."""

    def __init__(self, jwks_url: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._jwks_url = jwks_url

    async def get_signing_key(self, jwks_uri: str, header: dict[str, Any]) -> PyJWK:
        return await super().get_signing_key(self._jwks_url, header)


def token_validator(config: AgentAuthConfiguration, jwks_url: str | None) -> JwtTokenValidator:
    validator = JwtTokenValidator(config)
    if jwks_url is not None:
        validator._jwk_client_manager = _KeysFrom(jwks_url)
    return validator


async def authorize(header: str | None, validator: JwtTokenValidator) -> ClaimsIdentity | None:
    """The caller's verified claims; None means answer 401 and do nothing."""
    if not header:
        # Anonymous claims make the adapter reply without a token too (local emulators).
        allowed = validator.configuration.ANONYMOUS_ALLOWED
        return validator.get_anonymous_claims() if allowed else None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    try:
        return await validator.validate_token(token)
    # KeyError: the SDK looks the key up by the header's `kid` without checking it is there.
    except (PyJWTError, ValueError, KeyError) as error:
        # The reason stays in our log only: the caller learns nothing about the checks.
        logger.warning("Teams request refused: %s", type(error).__name__)
        return None
