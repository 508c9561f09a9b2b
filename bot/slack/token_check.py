"""At start, `serve` asks Slack whether SLACK_BOT_TOKEN works (auth.test), and says so at once.

A token Slack refuses never starts working by itself: `serve` stops there (exit 2, one line
naming the variable) instead of answering "healthy" and failing every click. A Slack that
does not answer may come back: then one ERROR line, and `serve` starts anyway.
"""

from __future__ import annotations

import logging

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import ConfigurationError, Settings
from bot.slack.error_codes import error_code

logger = logging.getLogger(__name__)
CHECK_TIMEOUT_SECONDS = 10
# auth.test's answers for a token that is wrong, not for a Slack having a bad minute.
REFUSED = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked",
                     "token_expired", "not_allowed_token_type"})


async def check_bot_token(settings: Settings) -> None:
    """ConfigurationError when Slack refuses SLACK_BOT_TOKEN; nothing to check with OAuth."""
    if settings.slack_bot_token is None or settings.oauth:
        return
    client = AsyncWebClient(token=settings.slack_bot_token.get_secret_value(),
                            base_url=settings.slack_api_url, timeout=CHECK_TIMEOUT_SECONDS)
    try:
        await client.auth_test()
    except SlackApiError as error:
        code = error_code(error)
        if code in REFUSED:
            raise ConfigurationError(
                f"SLACK_BOT_TOKEN was refused by Slack ({code}): copy the Bot User OAuth Token "
                "again from your app's OAuth & Permissions page") from None
        logger.error("could not check SLACK_BOT_TOKEN: Slack answered %s; starting anyway",
                     code or error.response.status_code)
    except (ClientError, TimeoutError, OSError) as error:
        logger.error("could not check SLACK_BOT_TOKEN: %s does not answer (%s); starting "
                     "anyway, Slack requests will fail until it does", settings.slack_api_url,
                     type(error).__name__)
