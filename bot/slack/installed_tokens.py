"""OAuth installs' bot tokens: read from the installation store, refreshed in time, by one
process at a time.

bolt refreshes rotating tokens only while authorizing an incoming request, so nudges and digests
(no request behind them) would post with a dead token twelve hours after the last click. Both
paths come here instead. Slack's refresh tokens are single-use: a lease row makes one process the
refresher of a workspace while the others wait for the token it saves.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.async_authorize import AsyncAuthorize
from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator

from bot.slack.error_codes import error_code
from bot.slack.installations import EncryptedInstallationStore
from bot.slack.tokens import TokenUnavailable
from storage.engine import Database
from storage.slack_installations import release_refresh_lease, take_refresh_lease

logger = logging.getLogger(__name__)

# Refresh this long before a token expires (bolt's default), so no call races the expiry.
REFRESH_MINUTES_BEFORE_EXPIRY = 120
LEASE_TTL = timedelta(seconds=30)
# How long a process waits for another one's refresh before using what it has.
WAIT_FOR_PEER_SECONDS = 10.0
POLL_SECONDS = 0.2


class InstalledBotTokens:
    """Tokens from the installation store (OAuth), refreshed before they expire."""

    def __init__(self, *, store: EncryptedInstallationStore, rotator: AsyncTokenRotator,
                 db: Database, clock: Callable[[], datetime], holder: str) -> None:
        self.store = store
        self._rotator = rotator
        self._db = db
        self._clock = clock
        self._holder = holder
        self._local: dict[str, asyncio.Lock] = {}

    async def bot_token(self, team_id: str) -> str:
        bot = await self.bot(team_id)
        if bot is None or not bot.bot_token:
            raise TokenUnavailable(f"angrycall is not installed in workspace {team_id}",
                                   permanent=True)
        return bot.bot_token

    async def bot(self, team_id: str) -> Bot | None:
        """The workspace's bot installation with a token good for at least a while."""
        bot = await self.store.latest_bot_of_team(team_id)
        if bot is None or not _expiring(bot):
            return bot
        # One refresher per process (a lock), one per deployment (the lease).
        async with self._local.setdefault(team_id, asyncio.Lock()):
            return await self._refreshed(team_id)

    async def _refreshed(self, team_id: str) -> Bot | None:
        key = f"slack-bot-token:{team_id}"
        if not await take_refresh_lease(self._db, key=key, holder=self._holder,
                                        now=self._clock(), ttl=LEASE_TTL):
            return await self._peer_refresh(team_id)
        try:
            # Read again under the lease: another process may have refreshed a moment ago.
            bot = await self.store.latest_bot_of_team(team_id)
            if bot is None or not _expiring(bot):
                return bot
            return await self._rotate(bot)
        finally:
            await release_refresh_lease(self._db, key=key, holder=self._holder)

    async def _rotate(self, bot: Bot) -> Bot:
        try:
            refreshed = await self._rotator.perform_bot_token_rotation(
                bot=bot, minutes_before_expiration=REFRESH_MINUTES_BEFORE_EXPIRY)
        except SlackTokenRotationError as error:
            raise TokenUnavailable(f"refreshing the bot token of {bot.team_id} failed: "
                                   f"{error_code(error.api_error)}",
                                   permanent=False) from error
        if refreshed is None:
            return bot
        await self.store.async_save_bot(refreshed)
        logger.info("refreshed the bot token of workspace %s", bot.team_id)
        return refreshed

    async def _peer_refresh(self, team_id: str) -> Bot | None:
        """Another process holds the lease: wait for the token it saves."""
        deadline = time.monotonic() + WAIT_FOR_PEER_SECONDS
        bot = await self.store.latest_bot_of_team(team_id)
        while bot is not None and _expiring(bot) and time.monotonic() < deadline:
            await asyncio.sleep(POLL_SECONDS)
            bot = await self.store.latest_bot_of_team(team_id)
        return bot


def _expiring(bot: Bot) -> bool:
    expires_at = bot.bot_token_expires_at
    return (bot.bot_refresh_token is not None and expires_at is not None
            and expires_at <= time.time() + REFRESH_MINUTES_BEFORE_EXPIRY * 60)


class InstalledBotAuthorize(AsyncAuthorize):
    """bolt's authorize step for OAuth installs, through the same refresh path as the jobs.

    The stored installation says who the bot is, so no auth.test call per request either.
    """

    def __init__(self, tokens: InstalledBotTokens) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._tokens = tokens

    async def __call__(self, *, context: Any, enterprise_id: str | None, team_id: str | None,
                       user_id: str | None, **_actor: Any) -> AuthorizeResult | None:
        if not team_id:
            return None  # org-wide (Enterprise Grid) installs are not supported
        try:
            bot = await self._tokens.bot(team_id)
        except TokenUnavailable as error:
            logger.error("%s", error)
            return None
        if bot is None:
            logger.warning("a request from workspace %s, where angrycall is not installed",
                           team_id)
            return None
        return AuthorizeResult(
            enterprise_id=bot.enterprise_id, team_id=bot.team_id, team=bot.team_name,
            bot_user_id=bot.bot_user_id, bot_id=bot.bot_id, bot_token=bot.bot_token,
            bot_scopes=bot.bot_scopes, user_id=user_id)
