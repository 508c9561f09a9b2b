"""Many workspaces: OAuth installs into our database, tokens sealed, refreshed in time.

Without SLACK_CLIENT_ID/SECRET the app speaks for the one workspace of SLACK_BOT_TOKEN.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator

from bot.clock import worker_name
from bot.config import Settings
from bot.slack.clients import web_client
from bot.slack.installations import EncryptedInstallationStore, ThreadedStateStore
from bot.slack.installed_tokens import InstalledBotTokens
from bot.slack.routes import INSTALL_PATH, REDIRECT_PATH
from bot.slack.token_cipher import TokenCipher
from bot.slack.tokens import BotTokens, SingleWorkspaceToken
from bot.slack.welcome import welcoming_callbacks
from storage.engine import Database
from storage.slack_installations import installation_tables, oauth_state_table

# The bot scopes an install asks for: the same list as manifest.yml (a test keeps them equal).
BOT_SCOPES = ("commands", "chat:write", "im:write", "users:read", "files:write",
              "channels:read", "groups:read")
STATE_EXPIRATION_SECONDS = 600


def bot_tokens(settings: Settings, db: Database, clock: Callable[[], datetime]) -> BotTokens:
    """Where this deployment's bot tokens come from."""
    if not settings.oauth:
        return SingleWorkspaceToken(settings.bot_token)
    client_id, client_secret = settings.oauth_client()
    store = EncryptedInstallationStore(installation_tables(db, client_id=client_id),
                                       TokenCipher(settings.encryption_keys()))
    rotator = AsyncTokenRotator(client_id=client_id, client_secret=client_secret,
                                client=web_client(api_url=settings.slack_api_url, token=None))
    return InstalledBotTokens(store=store, rotator=rotator, db=db, clock=clock,
                              holder=worker_name())


def oauth_settings(settings: Settings, db: Database,
                   store: EncryptedInstallationStore) -> AsyncOAuthSettings:
    client_id, client_secret = settings.oauth_client()
    return AsyncOAuthSettings(
        client_id=client_id,
        client_secret=client_secret,
        scopes=list(BOT_SCOPES),
        redirect_uri=settings.slack_redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=store,
        installation_store_bot_only=True,
        state_store=ThreadedStateStore(
            oauth_state_table(db, expiration_seconds=STATE_EXPIRATION_SECONDS)),
        state_expiration_seconds=STATE_EXPIRATION_SECONDS,
        callback_options=welcoming_callbacks(settings.slack_api_url),
    )
