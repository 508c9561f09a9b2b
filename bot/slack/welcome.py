"""After an install: the person who added the app hears from it how to start.

Sent from bolt's OAuth success callback, with the token Slack just issued, before the "installed"
page is shown. Best effort: a DM that fails is logged, and the install stands.
"""

from __future__ import annotations

from slack_bolt.oauth.async_callback_options import (
    AsyncCallbackOptions,
    AsyncFailureArgs,
    AsyncSuccessArgs,
)
from slack_bolt.response import BoltResponse

from bot.slack.clients import web_client
from bot.slack.messages import welcome_message
from bot.slack.messenger import try_direct_message


def welcoming_callbacks(api_url: str) -> AsyncCallbackOptions:
    async def success(args: AsyncSuccessArgs) -> BoltResponse:
        installation = args.installation
        if installation.bot_token and installation.user_id:
            client = web_client(api_url=api_url, token=installation.bot_token)
            await try_direct_message(client, user_id=installation.user_id,
                                     message=welcome_message())
        return await args.default.success(args)

    async def failure(args: AsyncFailureArgs) -> BoltResponse:
        return await args.default.failure(args)

    return AsyncCallbackOptions(success=success, failure=failure)
