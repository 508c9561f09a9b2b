"""Which bot token speaks for a workspace: the port, and the one-workspace token.

OAuth installs' tokens (stored, refreshed) are in bot.slack.installed_tokens, imported only when
OAuth is configured: bolt's OAuth stack stays out of a single-workspace `serve` and `tick`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class TokenUnavailable(Exception):
    """No usable bot token for the workspace. `permanent`: the app is not installed there (any
    more); otherwise refreshing failed, and a later attempt may succeed."""

    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.permanent = permanent


class BotTokens(Protocol):
    async def bot_token(self, team_id: str) -> str:
        """A bot token that works for `team_id` now; TokenUnavailable otherwise."""
        ...


class SingleWorkspaceToken:
    """SLACK_BOT_TOKEN: one workspace, one long-lived token (read when first needed, so work
    that never calls Slack runs without it)."""

    def __init__(self, token: Callable[[], str]) -> None:
        self._token = token

    async def bot_token(self, team_id: str) -> str:
        return self._token()
