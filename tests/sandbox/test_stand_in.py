"""The sandbox's Web API answers with Slack's own shapes, through the real slack_sdk client."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest
import uvicorn
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette

from bot.sandbox.team import CHANNEL_ID, new_world
from bot.sandbox.webapi import API_PATH, StandIn
from tests.network import free_port

TOKEN = "xoxb-sandbox-test"


@pytest.fixture
def api_url() -> Iterator[str]:
    """The stand-in alone, on a real loopback port (slack_sdk speaks aiohttp, not ASGI)."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(Starlette(routes=StandIn(new_world(), TOKEN).routes()),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    while not server.started:
        threading.Event().wait(0.02)
    yield f"http://127.0.0.1:{port}{API_PATH}/"
    server.should_exit = True
    thread.join(10)


async def error_of(call: object) -> dict[str, object]:
    with pytest.raises(SlackApiError) as raised:
        await call  # type: ignore[misc]
    return dict(raised.value.response.data)


async def test_a_bot_message_lands_in_the_channel(api_url: str) -> None:
    client = AsyncWebClient(token=TOKEN, base_url=api_url)
    answer = await client.chat_postMessage(channel=CHANNEL_ID, text="hello")
    assert answer["ok"] and answer["channel"] == CHANNEL_ID


async def test_invalid_blocks_are_refused_with_their_errors(api_url: str) -> None:
    client = AsyncWebClient(token=TOKEN, base_url=api_url)
    blocks = [{"type": "divider"}] * 51
    error = await error_of(client.chat_postMessage(channel=CHANNEL_ID, text="x", blocks=blocks))
    assert error["ok"] is False and error["error"] == "invalid_blocks"
    assert error["errors"] == ["51 blocks; a message holds 50"]


async def test_unknown_people_and_channels(api_url: str) -> None:
    client = AsyncWebClient(token=TOKEN, base_url=api_url)
    assert (await error_of(client.users_info(user="U0NOBODY")))["error"] == "user_not_found"
    assert (await error_of(client.conversations_open(users="U0NOBODY")))["error"] == (
        "user_not_found")
    assert (await error_of(client.chat_postMessage(channel="C0NONE", text="x")))["error"] == (
        "channel_not_found")


async def test_a_wrong_token_and_a_wrong_method(api_url: str) -> None:
    wrong = AsyncWebClient(token="xoxb-someone-else", base_url=api_url)
    assert (await error_of(wrong.auth_test()))["error"] == "invalid_auth"
    client = AsyncWebClient(token=TOKEN, base_url=api_url)
    assert (await error_of(client.api_call("chat.nothing")))["error"] == "unknown_method"


async def test_an_invalid_modal_is_refused_as_slack_does(api_url: str) -> None:
    client = AsyncWebClient(token=TOKEN, base_url=api_url)
    view = {"type": "modal", "title": {"type": "plain_text", "text": "x" * 30},
            "blocks": [{"type": "input", "block_id": "a", "label": {"type": "plain_text",
                        "text": "A"}, "element": {"type": "plain_text_input", "action_id": "a"}}]}
    error = await error_of(client.views_publish(user_id="U0SAM", view=view))
    assert error["error"] == "invalid_arguments"
    assert error["response_metadata"]["messages"]  # type: ignore[index]
