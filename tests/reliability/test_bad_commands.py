"""Hostile `/angrycall` text: never a 5xx, never an unhandled error, never a ping; an answer."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.bot.conftest import AppDriver
from tests.reliability.hostile import BOUNDED, TEN_KB, nasty_text
from tests.reliability.witness import Request, unhandled_errors, what_the_user_saw
from tests.slack_requests import FORM, REPORTER, slash_command

SUBCOMMANDS = st.sampled_from(["", "help ", "list ", "digest ", "digest here ", "digest off ",
                               "digest preview ", "settings ", "DIGEST HERE friday 25:00 "])


async def send_command(app: AppDriver, text: str) -> str:
    """`/angrycall <text>` from the reporter in #support; what they saw in answer."""
    request = Request.new(app.slack, REPORTER)
    body = slash_command(text, trigger_id=request.trigger_id,
                         response_url=request.response_url(app.slack))
    response = await app.post(body, FORM)
    assert response.status_code == 200, response.text
    return await what_the_user_saw(app.slack, response, request)


@BOUNDED
@given(subcommand=SUBCOMMANDS, text=nasty_text)
@example(subcommand="", text="Acme <!channel> call back " + "x" * TEN_KB)
@example(subcommand="digest here ", text="<!here> for <!channel>")
@example(subcommand="", text="\x00")
async def test_any_command_text_gets_an_answer(
    app: AppDriver, caplog: pytest.LogCaptureFixture, subcommand: str, text: str
) -> None:
    seen = await send_command(app, subcommand + text)
    assert seen.strip()
    assert unhandled_errors(caplog) == []
    assert app.slack.broadcast_mentions == []
