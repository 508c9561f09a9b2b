"""The bolt AsyncApp, wired to our settings and listeners."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.services import Services
from bot.slack.clients import web_client
from bot.slack.handlers import register


def build_bolt_app(services: Services) -> AsyncApp:
    settings = services.settings
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    secret = settings.slack_signing_secret
    app = AsyncApp(
        client=web_client(api_url=settings.slack_api_url, token=token),
        signing_secret=secret.get_secret_value() if secret else "",
        # Long-running server: the HTTP response leaves as soon as a listener acks.
        process_before_response=False,
    )
    register(app, services)
    return app
