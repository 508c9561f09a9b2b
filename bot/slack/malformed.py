"""Requests breaking the payload contract, refused politely before any listener reads them."""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import ClientError
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.response import BoltResponse

from bot.slack.payload_contract import problem

logger = logging.getLogger(__name__)
OUT_OF_DATE = ("Sorry, I could not read that request: it may come from an old message or form. "
               "Please start again from `/angrycall`.")


async def malformed_answer(body: dict[str, Any],
                           respond: AsyncRespond | None) -> BoltResponse | None:
    """None for a request that keeps the contract; the answer to one that does not (200,
    never a listener's 500)."""
    wrong = problem(body)
    if wrong is None:
        return None
    kind = body.get("type") or "slash command"
    logger.warning("refused a malformed %s request: %s", kind, wrong)
    if kind == "view_submission":
        # The modal stays on screen with the message; the person closes it and starts over.
        return BoltResponse(status=200, body={"response_action": "update", "view": _notice()})
    if kind == "slash command":
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": OUT_OF_DATE})
    if respond is not None and isinstance(body.get("response_url"), str):
        try:
            await respond(text=OUT_OF_DATE, response_type="ephemeral", replace_original=False)
        except (ClientError, ValueError, TimeoutError):
            logger.warning("could not tell the person their %s was refused", kind)
    return BoltResponse(status=200, body="")


def _notice() -> dict[str, Any]:
    return {"type": "modal", "title": {"type": "plain_text", "text": "angrycall"},
            "close": {"type": "plain_text", "text": "Close"},
            "blocks": [{"type": "section", "text": {"type": "plain_text", "text": OUT_OF_DATE}}]}
