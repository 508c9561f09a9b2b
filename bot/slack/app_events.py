"""What Slack says about the app itself: uninstalled, tokens revoked, events rate-limited.

Slack sends `app_uninstalled` and `tokens_revoked` (the manifest subscribes to both) and
`app_rate_limited` to every app, whatever its mode: each is acknowledged (a 404 would count
as a failed delivery) and said loudly in the log, the only place an operator sees it. With
OAuth, bolt's own listeners run first and delete the workspace's installation.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse

from bot.slack.context import team_of

logger = logging.getLogger(__name__)


def register_app_events(app: AsyncApp) -> None:
    app.event("app_uninstalled")(on_uninstalled)
    app.event("tokens_revoked")(on_tokens_revoked)


def rate_limited_answer(body: dict[str, Any]) -> BoltResponse | None:
    """The answer to `app_rate_limited`, which is no event_callback (no event listener can
    match it); None for any other request."""
    if body.get("type") != "app_rate_limited":
        return None
    logger.warning(
        "Slack is holding back this app's events for workspace %s (more than 30,000 in an "
        "hour; minute %s): clicks and commands still work, profile updates may be missed",
        team_of(body).external_id, body.get("minute_rate_limited"))
    return BoltResponse(status=200, body="")


async def on_uninstalled(body: dict[str, Any]) -> None:
    logger.warning("angrycall was uninstalled from Slack workspace %s: its bot token no longer "
                   "works; reinstall the app to send nudges there again",
                   team_of(body).external_id)


async def on_tokens_revoked(body: dict[str, Any], event: dict[str, Any]) -> None:
    tokens = event.get("tokens")
    kinds = ", ".join(sorted(kind for kind, users in tokens.items() if users)
                      ) if isinstance(tokens, dict) else ""
    logger.warning("Slack workspace %s revoked the app's %s tokens: reinstall the app if "
                   "nudges stop there", team_of(body).external_id, kinds or "some")
