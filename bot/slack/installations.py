"""slack_sdk's SQLAlchemy stores, made async and with tokens sealed before they reach the disk.

bolt's OAuth flow and authorize want AsyncInstallationStore / AsyncOAuthStateStore. slack_sdk's
async SQLAlchemy stores need an AsyncEngine (aiosqlite, asyncpg); ours is the synchronous engine
every other unit of work uses, so these run the synchronous stores in worker threads instead.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.slack.token_cipher import TokenCipher
from storage.slack_installations import InstallationTables, latest_bot_of_team

logger = logging.getLogger(__name__)


class EncryptedInstallationStore(AsyncInstallationStore):
    def __init__(self, tables: InstallationTables, cipher: TokenCipher) -> None:
        self._tables = tables
        self._cipher = cipher

    @property
    def logger(self) -> logging.Logger:
        return logger

    async def async_save(self, installation: Installation) -> None:
        await asyncio.to_thread(self._tables.writer.save, self._cipher.sealed(installation))

    async def async_save_bot(self, bot: Bot) -> None:
        await asyncio.to_thread(self._tables.writer.save_bot, self._cipher.sealed(bot))

    async def async_find_bot(
        self, *, enterprise_id: str | None, team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        bot = await asyncio.to_thread(
            self._tables.reader.find_bot, enterprise_id=enterprise_id, team_id=team_id,
            is_enterprise_install=is_enterprise_install)
        return self._cipher.opened(bot) if bot is not None else None

    async def async_find_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        installation = await asyncio.to_thread(
            self._tables.reader.find_installation, enterprise_id=enterprise_id,
            team_id=team_id, user_id=user_id, is_enterprise_install=is_enterprise_install)
        return self._cipher.opened(installation) if installation is not None else None

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await asyncio.to_thread(self._tables.writer.delete_bot, enterprise_id=enterprise_id,
                                team_id=team_id)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None,
    ) -> None:
        await asyncio.to_thread(self._tables.writer.delete_installation,
                                enterprise_id=enterprise_id, team_id=team_id, user_id=user_id)

    async def latest_bot_of_team(self, team_id: str) -> Bot | None:
        """The workspace's bot, readable, for work no request started (nudges, digests)."""
        bot = await asyncio.to_thread(latest_bot_of_team, self._tables, team_id)
        return self._cipher.opened(bot) if bot is not None else None


class ThreadedStateStore(AsyncOAuthStateStore):
    """The OAuth `state` values, in slack_oauth_states, one-time and expiring."""

    def __init__(self, store: SQLAlchemyOAuthStateStore) -> None:
        self._store = store

    @property
    def logger(self) -> logging.Logger:
        return logger

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        state: str = await asyncio.to_thread(self._store.issue, *args, **kwargs)
        return state

    async def async_consume(self, state: str) -> bool:
        consumed: bool = await asyncio.to_thread(self._store.consume, state)
        return consumed
