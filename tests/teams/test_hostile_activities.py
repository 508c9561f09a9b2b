"""Hostile input on `/api/messages`, properly signed: never a 5xx, never an unhandled error,
nothing stored from a submit the bot can't use, and an answer where a person is waiting."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sqlmodel import select

from storage.models import Case, Commitment, Person
from tests.teams.activities import (
    CHANNEL,
    REPORTER,
    in_channel,
    installed,
    message,
    personal_chat,
    submit,
)
from tests.teams.conftest import TeamsDriver
from tests.teams.hostile import (
    BOUNDED,
    TEN_KB,
    anything,
    ascii_json,
    card_submit_value,
    nasty_text,
    unhandled_errors,
    wrong_type,
)

THREAD = f"{CHANNEL};messageid=1732460000000"  # where in_channel() messages are
# A Markdown link made of user text: escaped, it shows as text; unescaped, it is a live link.
LIVE_LINK = re.compile(r"(?<!\\)\]\(https://evil")
REFUSED = {400, 401, 403, 413, 415}


def rows(teams: TeamsDriver, table: type[Any]) -> int:
    return len(teams.db.run_sync(lambda s: s.exec(select(table)).all()))


def rendered(post_activity: dict[str, Any]) -> str:
    """What Teams renders as Markdown in a posted activity: its text, unless sent as plain
    text, and its cards' text."""
    plain = post_activity.get("textFormat") == "plain"
    seen = [] if plain else [str(post_activity.get("text") or "")]
    for attachment in post_activity.get("attachments") or []:
        seen += re.findall(r'"text": "((?:[^"\\]|\\.)*)"', _json(attachment))
    return "\n".join(seen)


def _json(value: Any) -> str:
    return ascii_json(value).decode()


def assert_answered_safely(teams: TeamsDriver, conversation: str, before: int) -> None:
    answers = teams.connector.sent_to(conversation)[before:]
    assert answers, "the user got no answer"
    for answer in answers:
        assert not [e for e in answer.activity.get("entities") or []
                    if e.get("type") == "mention"], "an answer pinged someone"
        assert not LIVE_LINK.search(rendered(answer.activity)), "user text became a link"


@BOUNDED
@given(in_a_channel=st.booleans(),
       command=st.sampled_from(["", "angrycall ", "log ", "help ", "digest ", "digest here ",
                                "digest off ", "digest preview ", "angrycall digest subscribe "]),
       text=nasty_text)
@example(in_a_channel=False, command="angrycall ", text="Acme [x](https://evil.example) " + "y"
         * TEN_KB)
@example(in_a_channel=True, command="", text="")  # just "@angrycall": help, not silence
@example(in_a_channel=True, command="digest here ", text="<at>everyone</at> \x00 \ud800")
# Each was a bug: a "Sorry" (a long word tried as a timezone file), then typed links echoed as
# Markdown in the unknown-timezone answer and in the subscription's categories.
@example(in_a_channel=True, command="digest here ", text="x" * 300)
@example(in_a_channel=True, command="digest here ", text="[click](https://evil.example)")
@example(in_a_channel=True, command="digest here ", text="for [a](https://evil.example), b")
async def test_any_text_gets_a_safe_answer(teams: TeamsDriver, caplog: pytest.LogCaptureFixture,
                                           in_a_channel: bool, command: str, text: str) -> None:
    caplog.clear()
    url = teams.connector.url
    conversation = THREAD if in_a_channel else personal_chat(REPORTER)
    before = len(teams.connector.sent_to(conversation))
    activity = in_channel(url, command + text) if in_a_channel else message(url, command + text)
    response = await teams.send(activity)
    assert response.status_code == 202, response.text
    assert_answered_safely(teams, conversation, before)
    assert unhandled_errors(caplog) == []


@BOUNDED
@given(value=card_submit_value())
@example(value=[1, 2])
@example(value="log_case")
@example(value={"verb": "commitment_done", "commitment_id": "9" * 30})  # was an SQL overflow
@example(value={"verb": "commitment_snooze", "commitment_id": 1, "snooze_choice": ["1h"]})
@example(value={"verb": "log_case", "submission_key": "k" * TEN_KB})  # was "could not save"
@example(value={"verb": "delete_everything"})
async def test_a_tampered_card_submit_stores_nothing_and_gets_an_answer(
        teams: TeamsDriver, caplog: pytest.LogCaptureFixture, value: Any) -> None:
    caplog.clear()
    conversation = personal_chat(REPORTER)
    before = len(teams.connector.sent_to(conversation))
    response = await teams.send(submit(teams.connector.url, value, reply_to="activity-0"))
    assert response.status_code == 202, response.text
    assert_answered_safely(teams, conversation, before)
    assert (rows(teams, Case), rows(teams, Commitment)) == (0, 0)
    assert unhandled_errors(caplog) == []


TOP_LEVEL = ["type", "text", "value", "from", "recipient", "conversation", "serviceUrl",
             "channelData", "entities", "localTimezone", "membersAdded", "replyToId", "name",
             "timestamp", "channelId", "id", "attachments", "locale", "textFormat"]
DELETE = object()
nested_account = st.fixed_dictionaries({}, optional={
    "id": anything, "aadObjectId": anything, "name": anything, "tenantId": anything,
    "conversationType": st.sampled_from(["personal", "channel", "groupChat", "x"])})
garbage = st.one_of(st.just(DELETE), anything, nested_account,
                    st.lists(st.one_of(nested_account, wrong_type), max_size=3),
                    st.sampled_from(["invoke", "message", "conversationUpdate", "typing",
                                     "installationUpdate", "messageReaction", "event"]))


@st.composite
def mangled_activity(draw: st.DrawFn, service_url: str) -> dict[str, Any]:
    base = draw(st.sampled_from(["message", "submit", "installed", "channel"]))
    activity = {"message": lambda: message(service_url, "angrycall"),
                "submit": lambda: submit(service_url, {"verb": "log_case"}, reply_to="a-1"),
                "installed": lambda: installed(service_url),
                "channel": lambda: in_channel(service_url, "digest preview")}[base]()
    for key in draw(st.lists(st.sampled_from(TOP_LEVEL), min_size=1, max_size=4, unique=True)):
        new = draw(garbage)
        if new is DELETE:
            activity.pop(key, None)
        else:
            activity[key] = new
    return activity


@BOUNDED
@given(data=st.data())
@example(data=None)  # the regressions below, then generated ones
async def test_garbage_activities_never_get_a_5xx(teams: TeamsDriver,
                                                  caplog: pytest.LogCaptureFixture,
                                                  data: st.DataObject | None) -> None:
    caplog.clear()
    url = teams.connector.url
    activities = regressions(url) if data is None else [data.draw(mangled_activity(url))]
    for activity in activities:
        response = await teams.send(activity)
        assert response.status_code in REFUSED | {200, 202}, (activity, response.text)
    assert unhandled_errors(caplog) == []


def regressions(url: str) -> list[dict[str, Any]]:
    """Each was a 500 (an SDK exception outside any handler) or a "Sorry" for a bug."""
    no_recipient = message(url, "angrycall")
    del no_recipient["recipient"]
    no_service = message(url, "angrycall")
    del no_service["serviceUrl"]
    return [
        {**message(url, "hi"), "entities": [{"type": "clientInfo"}, 3]},
        {**message(url, "hi"), "text": 5},
        {**message(url, "hi"), "timestamp": "yesterday"},
        {**message(url, "hi"), "from": "abc"},
        no_recipient, no_service,
        {**message(url, "angrycall"), "localTimezone": "Europe/" + "x" * TEN_KB},
        {**message(url, "angrycall"), "from": {"id": "29:x", "name": "\x00\ud800"}},
        {**message(url, "angrycall"), "type": "invoke", "name": "adaptiveCard/action",
         "value": {"action": {"verb": "x"}}},
    ]


@BOUNDED
@given(body=st.one_of(
    st.builds(lambda cut: ascii_json(message("http://127.0.0.1:9", "hi"))[:cut],
              st.integers(min_value=0, max_value=400)),
    st.binary(max_size=200),
    st.sampled_from([b"\xff\xfe{}", b'{"type": "message", "text": "\xc3\x28"}', b"[]",
                     b"null", b"42", b'"message"', b"[" * 100_000, b'{"a": NaN}',
                     b'{"type": "message", "x": Infinity}', b"{" + b'"a":' * 50 + b"1}"])),
    content_type=st.sampled_from([None, "application/json", "text/plain",
                                  "application/x-www-form-urlencoded", "multipart/form-data",
                                  "application/json; charset=utf-8"]))
async def test_an_unreadable_body_is_refused_and_changes_nothing(
        teams: TeamsDriver, caplog: pytest.LogCaptureFixture, body: bytes,
        content_type: str | None) -> None:
    caplog.clear()
    response = await teams.send_raw(body, content_type=content_type)
    assert response.status_code in {400, 415}, response.text
    assert teams.connector.posts == []
    assert rows(teams, Person) == 0
    assert unhandled_errors(caplog) == []


async def test_a_valid_activity_of_a_json_type_with_parameters_is_served(
        teams: TeamsDriver) -> None:
    body = ascii_json(message(teams.connector.url, "help"))
    response = await teams.send_raw(body, content_type="application/vnd.activity+json")
    assert response.status_code == 202
    assert teams.connector.sent_to(personal_chat(REPORTER))


@pytest.mark.parametrize("declared", [True, False])
async def test_a_huge_body_is_refused_before_it_is_read(teams: TeamsDriver,
                                                        declared: bool) -> None:
    activity = message(teams.connector.url, "angrycall " + "x" * (2 * 1024 * 1024))
    body = ascii_json(activity)

    async def chunks() -> Any:  # no Content-Length: the limit holds while streaming
        for start in range(0, len(body), 65536):
            yield body[start:start + 65536]

    token = teams.key.token(audience=teams.settings.teams_app_id or "",
                            service_url=teams.connector.url)
    response = await teams.http.post(
        "/api/messages", content=body if declared else chunks(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    assert response.status_code == 413
    assert teams.connector.posts == [] and rows(teams, Person) == 0


async def test_a_failing_bot_connector_is_logged_not_a_500(
        teams: TeamsDriver, caplog: pytest.LogCaptureFixture) -> None:
    # The form can't be sent, and neither can the apology: the turn's error is logged, and the
    # Bot Connector gets its 202 (a 500 would only make it deliver the message again).
    teams.connector.failures.extend([502, 502])
    response = await teams.send(message(teams.connector.url, "angrycall"))
    assert response.status_code == 202
    assert [r.getMessage() for r in caplog.records if r.name == "bot.teams.handlers"] == [
        "Teams turn failed", "could not tell the user the turn failed"]
