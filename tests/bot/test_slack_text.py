"""Text Slack encodes is read back as people typed it before it prefills the form."""

from __future__ import annotations

import pytest

from bot.slack.slack_text import decode, mentioned_without_name
from tests.bot.conftest import AppDriver
from tests.bot.form_values import case_values
from tests.bot.slack_flows import open_form, promise_values, submission
from tests.bot.test_forms import input_element
from tests.slack_requests import REPORTER, payload


@pytest.mark.parametrize(("sent", "shown"), [
    ("Tom &amp; Jerry Ltd", "Tom & Jerry Ltd"),
    ("a &lt;b&gt; &amp;lt;", "a <b> &lt;"),
    ("ask <@U0OWNER01|olga> and <@W0ENTERPRISE>", "ask @olga and @W0ENTERPRISE"),
    ("in <#C2147483705|support> or <#C0NONAME>", "in #support or #C0NONAME"),
    ("see <https://example.com/t/1?a=1&amp;b=2|ticket 1> or <https://example.com>",
     "see ticket 1 or https://example.com"),
    ("<!here> <!channel> <!subteam^S0TEAM|@support-team> <!date^1392734382^{date}|Feb 18>",
     "@here @channel @support-team Feb 18"),
])
def test_slack_tokens_read_as_shown(sent: str, shown: str) -> None:
    assert decode(sent) == shown


def test_mentions_without_a_name_are_looked_up_by_id() -> None:
    text = "<@U0OWNER01> told <@U0OTHER01|kenji> and <@U0OWNER01>"
    assert mentioned_without_name(text) == ["U0OWNER01"]
    assert decode(text, {"U0OWNER01": "olga"}) == "@olga told @kenji and @olga"


async def test_a_slash_command_prefills_what_was_typed(app: AppDriver) -> None:
    view = await open_form(app, "Tom &amp; Jerry Ltd: <@U0OWNER01> promised a call back")
    await app.slack.await_calls("views.update")  # the mention named once Slack said who
    view = app.slack.latest_view()
    assert input_element(view, "customer")["initial_value"] == "Tom & Jerry Ltd"
    # A quick note's words after the customer are the promise (issue 11), names and all.
    assert "@olga promised" in input_element(view, "commitment_0_promise")["initial_value"]
    values = case_values(customer="Tom & Jerry Ltd", commitments=(promise_values(),))
    await app.interact(submission(view, values))
    confirmation = await app.slack.await_calls("chat.postEphemeral")
    text = str(confirmation[-1].args)
    assert "Tom &amp; Jerry Ltd" in text and "&amp;amp;" not in text


async def test_the_message_shortcut_prefills_names_not_tokens(app: AppDriver) -> None:
    body = payload("message_action")
    body["trigger_id"] = app.slack.new_trigger_id()
    body["message"]["text"] = ("Tom &amp; Jerry Ltd: <@U0OWNER01> talked to them in "
                               "<#C2147483705|support>, see <https://example.com/t/9|ticket 9>")
    assert (await app.interact(body)).status_code == 200
    await app.slack.await_calls("views.update")
    view = app.slack.latest_view()
    assert input_element(view, "customer")["initial_value"] == "Tom & Jerry Ltd"
    happened = input_element(view, "what_happened")["initial_value"]
    assert "@olga talked to them in #support, see ticket 9" in happened
    assert REPORTER not in happened
