"""Slack tokens encrypted at rest: Fernet keys from ANGRYCALL_ENCRYPTION_KEY.

Several keys, comma-separated, allow a key change: the first one seals, any of them opens, and a
token is sealed again with the first key the next time it is saved (at its next rotation).
"""

from __future__ import annotations

import copy
from typing import TypeVar

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from slack_sdk.oauth.installation_store import Bot, Installation

# The token fields of slack_sdk's Installation and Bot models.
INSTALLATION_SECRETS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")
BOT_SECRETS = ("bot_token", "bot_refresh_token")

Stored = TypeVar("Stored", Installation, Bot)


class UnreadableToken(RuntimeError):
    """A stored token that none of the configured keys opens."""


def new_key() -> str:
    return Fernet.generate_key().decode()


def check_keys(keys: str) -> list[str]:
    """What is wrong with an ANGRYCALL_ENCRYPTION_KEY value (empty: nothing)."""
    if not keys.strip():
        return ["ANGRYCALL_ENCRYPTION_KEY is not set (generate one with `angrycall new-key`)"]
    try:
        TokenCipher(keys)
    except ValueError:
        return ["ANGRYCALL_ENCRYPTION_KEY is not a Fernet key (generate one with "
                "`angrycall new-key`; several keys are separated by commas)"]
    return []


class TokenCipher:
    def __init__(self, keys: str) -> None:
        # Fernet raises ValueError for a key that is not 32 url-safe base64-encoded bytes.
        self._fernet = MultiFernet([Fernet(key.strip()) for key in keys.split(",") if key.strip()])

    def seal(self, value: str) -> str:
        return self._fernet.encrypt(value.encode()).decode()

    def open(self, value: str) -> str:
        try:
            return self._fernet.decrypt(value.encode()).decode()
        except InvalidToken as error:
            raise UnreadableToken(
                "a stored Slack token cannot be decrypted: is ANGRYCALL_ENCRYPTION_KEY the key "
                "it was saved with? (keep old keys after the new one, comma-separated)"
            ) from error

    def sealed(self, stored: Stored) -> Stored:
        """A copy of `stored` whose tokens are ciphertext."""
        return self._map(stored, self.seal)

    def opened(self, stored: Stored) -> Stored:
        """A copy of `stored` whose tokens are readable again."""
        return self._map(stored, self.open)

    def _map(self, stored: Stored, change: object) -> Stored:
        result = copy.copy(stored)
        fields = INSTALLATION_SECRETS if isinstance(stored, Installation) else BOT_SECRETS
        for name in fields:
            value = getattr(result, name, None)
            if value:
                setattr(result, name, change(value))  # type: ignore[operator]
        return result
