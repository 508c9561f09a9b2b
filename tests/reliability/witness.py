"""What the person on the other end saw after a request: a reply, a modal, a private message.

The app answers in several ways (the HTTP reply itself, a modal through the trigger id, a post
to the response_url, an ephemeral message or a DM); a test only cares that one of them arrived
and that nothing went wrong unseen.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

import httpx
import pytest

from tests.fakeslack import FakeSlack


@dataclass(frozen=True)
class Request:
    """One slash command or click, with the ids that let us find the app's answer to it."""

    trigger_id: str
    hook_id: str
    user_id: str
    dms_before: int = 0
    ephemerals_before: int = 0

    @classmethod
    def new(cls, slack: FakeSlack, user_id: str) -> Request:
        url = slack.new_response_url()
        return cls(slack.new_trigger_id(), url.rsplit("/", 1)[-1], user_id,
                   len(slack.dm_messages(user_id)), len(slack.ephemerals))

    def response_url(self, slack: FakeSlack) -> str:
        return f"{slack.base_url}/webhook/{self.hook_id}"


async def what_the_user_saw(slack: FakeSlack, response: httpx.Response, request: Request,
                            *, timeout: float = 5.0) -> str:
    """The answer the person got, waiting for the app's work after its ack; fails if none."""
    if response.content:
        return response.text
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if seen := _answer_in_slack(slack, request):
            return seen
        await asyncio.sleep(0.02)
    calls = [(c.method, c.response.get("error", "ok")) for c in slack.calls[-5:]]
    raise AssertionError(f"the user saw nothing; last Slack calls: {calls}")


def _answer_in_slack(slack: FakeSlack, request: Request) -> str | None:
    for call in slack.calls_to("views.open"):
        if call.args.get("trigger_id") == request.trigger_id and call.response.get("ok"):
            return f"modal {call.args['view'].get('callback_id')}"
    for hook, body in slack.webhook_posts:
        if hook == request.hook_id:
            return str(body.get("text") or body.get("blocks"))
    for ephemeral in slack.ephemerals[request.ephemerals_before:]:
        if ephemeral["user"] == request.user_id:
            return str(ephemeral["text"])
    dms = slack.dm_messages(request.user_id)  # not in the channel: told by DM instead
    return str(dms[-1]["text"]) if len(dms) > request.dms_before else None


# The app's loggers (the fake Slack's own aiohttp server logs under "aiohttp").
APP_LOGGERS = ("bot", "commands", "storage", "slack_bolt", "starlette", "uvicorn")


def unhandled_errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Errors the app logged while the test ran: an exception no code path expected."""
    return [f"{r.name}: {r.getMessage()}" for r in caplog.get_records("call")
            if r.levelno >= logging.ERROR and r.name.split(".")[0] in APP_LOGGERS]
