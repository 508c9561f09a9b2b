"""Inbound activities signed like the Bot Framework signs them, with a key made for the tests.

The agent reads the public half from the fake connector's /jwks (TEAMS_JWKS_URL), so every
check of the SDK's validator runs: RS256 signature, audience, expiry, issuer/tenant binding.
"""

from __future__ import annotations

import json
import time
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"


class SigningKey:
    def __init__(self, kid: str = "angrycall-test-key") -> None:
        self.kid = kid
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def jwks(self) -> dict[str, Any]:
        public: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        public.update(kid=self.kid, use="sig", alg="RS256")
        return {"keys": [public]}

    def token(self, *, audience: str, service_url: str, lifetime: int = 3600,
              **claims: Any) -> str:
        now = int(time.time())
        payload = {"iss": BOT_FRAMEWORK_ISSUER, "aud": audience, "serviceurl": service_url,
                   "nbf": now - 10, "iat": now - 10, "exp": now + lifetime, **claims}
        return jwt.encode(payload, self.private_key, algorithm="RS256",
                          headers={"kid": self.kid})
