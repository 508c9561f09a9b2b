"""Socket Mode (SLACK_APP_TOKEN set): Slack connects over a WebSocket, no public URL needed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from slack_bolt.async_app import AsyncApp

from bot.config import Settings
from bot.slack.clients import web_client


@asynccontextmanager
async def socket_mode_connection(app: AsyncApp, settings: Settings) -> AsyncIterator[None]:
    """Hold a Socket Mode connection while the server runs; nothing at all in HTTP mode."""
    if settings.slack_app_token is None:
        yield
        return
    # Imported only in Socket Mode: HTTP mode never loads the WebSocket client.
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    app_token = settings.slack_app_token.get_secret_value()
    handler = AsyncSocketModeHandler(
        app,
        app_token,
        # apps.connections.open must go to SLACK_API_URL too.
        web_client=web_client(api_url=settings.slack_api_url, token=app_token),
    )
    await handler.connect_async()  # type: ignore[no-untyped-call]
    try:
        yield
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]
