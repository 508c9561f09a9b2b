"""The bolt AsyncApp, wired to our settings and listeners."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp
from slack_bolt.logger import get_bolt_logger
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped

from bot.services import Services
from bot.slack.clients import web_client
from bot.slack.handlers import register

# Named, because without a name bolt takes its caller's file name from inspect.stack(), which
# reads the source of every frame's module: half a second of `serve`'s start-up.
APP_NAME = "angrycall"


class NoTokenSkippedWarning(logging.Filter):
    """bolt reads SLACK_BOT_TOKEN itself, then warns at every start that the client's token
    wins over it: here they are the same token."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


def build_bolt_app(services: Services) -> AsyncApp:
    _quiet_token_warning()
    app = _installed_app(services) if services.settings.oauth else _single_workspace_app(services)
    register(app, services)
    return app


def _single_workspace_app(services: Services) -> AsyncApp:
    settings = services.settings
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    return AsyncApp(
        name=APP_NAME,
        client=web_client(api_url=settings.slack_api_url, token=token),
        signing_secret=_signing_secret(services),
        request_verification_enabled=False,  # see _signing_secret
        # Long-running server: the HTTP response leaves as soon as a listener acks.
        process_before_response=False,
    )


def _installed_app(services: Services) -> AsyncApp:
    """OAuth installs. bolt's OAuth stack (flow, stores, token rotation) is imported only
    here: a single workspace's token never needs it."""
    from bot.slack.installed_tokens import InstalledBotAuthorize, InstalledBotTokens
    from bot.slack.oauth import oauth_settings

    settings = services.settings
    tokens = services.slack_tokens
    assert isinstance(tokens, InstalledBotTokens)  # settings.oauth: see Services.slack_tokens
    app = AsyncApp(
        name=APP_NAME,
        # No token: each request's client gets the token of the workspace it came from.
        client=web_client(api_url=settings.slack_api_url, token=None),
        signing_secret=_signing_secret(services),
        request_verification_enabled=False,  # see _signing_secret
        oauth_settings=oauth_settings(settings, services.db, tokens.store),
        # bolt accepts an AsyncAuthorize instance here (its annotation says callable).
        authorize=InstalledBotAuthorize(tokens),  # type: ignore[arg-type]
        process_before_response=False,
    )
    # app_uninstalled / tokens_revoked: the installation is deleted from the store.
    app.enable_token_revocation_listeners()
    return app


def _signing_secret(services: Services) -> str:
    """bolt's to hold; it checks nothing with it. Every POST reaches bolt through
    /slack/events, which checks the signature on the raw bytes before anything is parsed
    (bot.slack.request_gate), and Socket Mode has no signatures: bolt checking it again cost
    every request a second HMAC."""
    secret = services.settings.slack_signing_secret
    return secret.get_secret_value() if secret else ""


def _quiet_token_warning() -> None:
    bolt_logger = get_bolt_logger(AsyncApp)
    if not any(isinstance(f, NoTokenSkippedWarning) for f in bolt_logger.filters):
        bolt_logger.addFilter(NoTokenSkippedWarning())
