"""Slack's errors: the one handler for what a listener failed at."""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import ClientError
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.slack.error_codes import error_code

logger = logging.getLogger("bot.slack.handlers")
# A trigger id works once, for 3 seconds: a modal that could not open in time is not a bug.
TRIGGER_ERRORS = frozenset({"invalid_trigger_id", "expired_trigger_id", "exchanged_trigger_id"})
TOO_SLOW = "Sorry, that took too long and Slack closed the window: please try again."
FAILED = "Sorry, that failed on our side and was logged. Please try again in a moment."
DATABASE_AWAY = ("Sorry, angrycall can't reach its database right now and changed nothing. "
                 "Please try again in a minute.")


async def on_error(error: Exception, body: dict[str, Any], request: AsyncBoltRequest,
                   respond: AsyncRespond | None = None,
                   client: AsyncWebClient | None = None) -> BoltResponse | None:
    """bolt's error handler (middleware and listeners): log, and tell the person if we can."""
    if request.mode != "socket_mode" and not _timestamp_is_a_number(request):
        # slack_sdk's verifier calls int() on the header and raises: that request was never
        # verified, so it gets the 401 of any other bad signature instead of a 500.
        logger.warning("refused a request whose signature timestamp is not a number")
        return BoltResponse(status=401, body={"error": "invalid request"})
    if isinstance(error, SlackApiError) and error_code(error) in TRIGGER_ERRORS:
        logger.warning("a modal could not open: %s", error_code(error))
        await _tell(respond, client, body, TOO_SLOW)
        return None
    if isinstance(error, SQLAlchemyError):
        logger.error("the database failed during a %s request", body.get("type", "command"),
                     exc_info=error)
        await _tell(respond, client, body, DATABASE_AWAY)
        # Before any ack (bolt's authorization reads the installation): this is the answer.
        return failure_reply(body, DATABASE_AWAY)
    logger.error("unhandled error for a %s request", body.get("type", "slash command"),
                 exc_info=error)
    # Before any ack, never a 500: Slack would send an event again, and show its own
    # "trouble connecting" for the rest. (After an ack, bolt has answered already.)
    return failure_reply(body, FAILED)


def failure_reply(body: dict[str, Any], text: str) -> BoltResponse:
    """A 200 that says `text` where it can: in the modal, under its first input (what was
    typed stays); elsewhere the person is told through the response_url, or not at all."""
    view = body.get("view")
    blocks = view.get("blocks") if isinstance(view, dict) else None
    inputs = [block.get("block_id") for block in blocks or []
              if isinstance(block, dict) and block.get("type") == "input"]
    if body.get("type") == "view_submission" and inputs and isinstance(inputs[0], str):
        return BoltResponse(status=200, body={"response_action": "errors",
                                              "errors": {inputs[0]: text}})
    return BoltResponse(status=200, body="")


def _timestamp_is_a_number(request: AsyncBoltRequest) -> bool:
    stamp = (request.headers.get("x-slack-request-timestamp") or ["0"])[0]
    try:
        int(stamp)
    except ValueError:
        return False
    return True


async def _tell(respond: AsyncRespond | None, client: AsyncWebClient | None,
                body: dict[str, Any], text: str) -> None:
    """Privately, where the request came from; by DM from App Home and modals, which have no
    response_url (and whose trigger id is spent or expired by now)."""
    try:
        if respond is not None and isinstance(body.get("response_url"), str):
            await respond(text=text, response_type="ephemeral", replace_original=False)
        elif client is not None and (user_id := _user_of(body)):
            # A user id as channel posts to the app's DM with that person.
            await client.chat_postMessage(channel=user_id, text=text)
    except (ClientError, ValueError, TimeoutError, SlackApiError):
        logger.warning("could not tell the person why their request failed")


def _user_of(body: dict[str, Any]) -> str | None:
    user = body.get("user")
    user_id = user.get("id") if isinstance(user, dict) else body.get("user_id")
    return user_id if isinstance(user_id, str) and user_id else None
