"""The fake Slack behaves like Slack where our tests rely on it, with the real client."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakeslack import FakeSlack


def client(slack: FakeSlack, token: str = "xoxb-test", **kwargs: object) -> AsyncWebClient:
    return AsyncWebClient(token=token, base_url=slack.api_url, **kwargs)  # type: ignore[arg-type]


async def error_of(call: object) -> str:
    with pytest.raises(SlackApiError) as raised:
        await call  # type: ignore[misc]
    return str(raised.value.response["error"])


async def test_identity_people_and_dms(slack: FakeSlack) -> None:
    web = client(slack)
    assert (await web.auth_test())["team_id"] == "T0001"
    assert (await web.users_info(user="U0OWNER01"))["user"]["tz"] == "Europe/Berlin"
    channel = (await web.conversations_open(users="U0OWNER01"))["channel"]["id"]
    await web.chat_postMessage(channel=channel, text="hello")
    assert [m["text"] for m in slack.dm_messages("U0OWNER01")] == ["hello"]
    assert await error_of(client(slack, token="xoxb-wrong").auth_test()) == "invalid_auth"


async def test_ephemerals_need_a_member(slack: FakeSlack) -> None:
    web = client(slack)
    await web.chat_postEphemeral(channel="C2147483705", user="U0OWNER01", text="psst")
    assert await error_of(web.chat_postEphemeral(channel="C2147483705", user="U0OTHER01",
                                                 text="psst")) == "user_not_in_channel"
    assert await error_of(web.chat_postEphemeral(channel="CNOPE", user="U0OWNER01",
                                                 text="psst")) == "channel_not_found"


async def test_trigger_ids_expire_and_are_single_use(slack: FakeSlack) -> None:
    web = client(slack)
    view = {"type": "modal", "title": {"type": "plain_text", "text": "Hi"},
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "x"}}]}
    trigger = slack.new_trigger_id()
    await web.views_open(trigger_id=trigger, view=view)
    assert await error_of(web.views_open(trigger_id=trigger, view=view)) == "exchanged_trigger_id"
    assert await error_of(web.views_open(trigger_id="1.2.x", view=view)) == "invalid_trigger_id"
    slack.world.triggers[old := slack.new_trigger_id()] -= 10
    assert await error_of(web.views_open(trigger_id=old, view=view)) == "expired_trigger_id"


@pytest.mark.parametrize("view", [
    {"type": "modal", "title": {"type": "plain_text", "text": "x" * 25},
     "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "x"}}]},
    {"type": "modal", "title": {"type": "plain_text", "text": "x"}, "blocks": [
        {"type": "input", "block_id": "a", "label": {"type": "plain_text", "text": "a"},
         "element": {"type": "plain_text_input", "action_id": "a", "max_length": 5000}}],
     "submit": {"type": "plain_text", "text": "Go"}},
    {"type": "modal", "title": {"type": "plain_text", "text": "x"}, "blocks": [
        {"type": "section", "block_id": "same", "text": {"type": "mrkdwn", "text": "x"}},
        {"type": "section", "block_id": "same", "text": {"type": "mrkdwn", "text": "y"}}]},
])
async def test_invalid_views_are_rejected(slack: FakeSlack, view: dict[str, object]) -> None:
    error = await error_of(client(slack).views_open(trigger_id=slack.new_trigger_id(),
                                                    view=view))
    assert error == "invalid_arguments"


async def test_fifty_one_blocks_are_too_many(slack: FakeSlack) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": str(i)}} for i in range(51)]
    error = await error_of(client(slack).chat_postMessage(channel="C2147483705", text="x",
                                                          blocks=blocks))
    assert error == "invalid_blocks"


async def test_rate_limits_are_waited_out_once(slack: FakeSlack) -> None:
    slack.inject("chat.postMessage", status=429, retry_after=1, times=1)
    web = client(slack, retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=2)])
    await web.chat_postMessage(channel="C2147483705", text="once")
    assert [m["text"] for m in slack.messages("C2147483705")] == ["once"]
    assert [c.status for c in slack.calls_to("chat.postMessage")] == [429, 200]


async def test_file_uploads(slack: FakeSlack) -> None:
    response = await client(slack).files_upload_v2(
        channel="C2147483705", content=b"\x89PNG fake", filename="chart.png", title="Chart")
    (stored,) = slack.uploaded_files.values()
    assert stored["bytes"] == b"\x89PNG fake" and stored["channel_id"] == "C2147483705"
    assert response["file"]["title"] == "Chart"
