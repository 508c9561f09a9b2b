"""Hostile clicks, modal submissions, shortcuts and events: never a 5xx, never unhandled.

Signed requests whose payloads Slack itself would never send: unknown action and callback ids,
values and metadata that are not ours (wrong types, huge numbers, text), fields missing.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.slack.ids import ActionId, CallbackId
from tests.bot.conftest import AppDriver
from tests.reliability.hostile import BOUNDED, json_text, nasty_text, wrong_type
from tests.reliability.witness import unhandled_errors
from tests.slack_requests import payload

anything = st.one_of(json_text, wrong_type, st.integers(-(2**70), 2**70).map(str))
action_ids = st.one_of(st.sampled_from([a.value for a in ActionId]), nasty_text)
callback_ids = st.one_of(st.sampled_from([c.value for c in CallbackId]), nasty_text)


@st.composite
def clicks(draw: st.DrawFn) -> dict[str, Any]:
    body = payload(draw(st.sampled_from(["block_actions_in_message", "block_actions_in_view"])))
    action = {"action_id": draw(action_ids), "block_id": "b", "type": "button",
              "action_ts": "1548426417.840180", "value": draw(anything)}
    if draw(st.booleans()):
        action.update(type="static_select", selected_option={"value": draw(anything)})
    body["actions"] = [action]
    if "view" in body:
        body["view"]["private_metadata"] = draw(anything)
    return body


@st.composite
def submissions(draw: st.DrawFn) -> dict[str, Any]:
    body = payload("view_submission")
    values = draw(st.dictionaries(st.text(max_size=20), st.one_of(
        wrong_type, st.dictionaries(st.text(max_size=20), wrong_type, max_size=2)), max_size=4))
    body["view"].update(callback_id=draw(callback_ids), private_metadata=draw(anything),
                        state={"values": values})
    return body


@st.composite
def shortcuts_and_events(draw: st.DrawFn) -> dict[str, Any]:
    body = payload(draw(st.sampled_from(["message_action", "app_home_opened", "user_change"])))
    if body.get("type") == "message_action":
        body["callback_id"] = draw(callback_ids)
        body["message"].update(text=draw(anything), ts=draw(anything))
    else:
        body["event_id"] = f"Ev{draw(st.integers(0, 10**9))}"
        # A user id for app_home_opened, a profile for user_change (bolt reads either to route).
        body["event"]["user"] = draw(nasty_text if body["event"]["type"] == "app_home_opened"
                                     else st.dictionaries(st.sampled_from(
                                         ["id", "tz", "team_id", "deleted"]), anything,
                                         max_size=4))
    return body


# What bolt reads to route a request before any middleware runs (see test_unreadable_requests).
ENVELOPE = frozenset({"type", "team", "user", "channel", "enterprise", "authorizations",
                      "is_enterprise_install", "team_id", "user_id", "channel_id", "event"})


@st.composite
def with_fields_broken(draw: st.DrawFn, bodies: st.SearchStrategy[dict[str, Any]]) -> Any:
    """`body` with some of its fields (at the top or one level down) gone or of another type."""
    body = draw(bodies)
    for _ in range(draw(st.integers(0, 3))):
        targets: list[tuple[dict[str, Any], frozenset[str]]] = [(body, ENVELOPE)]
        targets += [(body[k], frozenset()) for k in ("view", "message", "container")
                    if isinstance(body.get(k), dict)]
        if isinstance(body.get("actions"), list) and body["actions"]:
            targets.append((body["actions"][0], frozenset()))
        if isinstance(body.get("event"), dict):
            targets.append((body["event"], frozenset({"user", "channel", "type"})))
        target, kept = draw(st.sampled_from(targets))
        keys = sorted(k for k in target if k not in kept)
        if not keys:
            continue
        key = draw(st.sampled_from(keys))
        if draw(st.booleans()):
            del target[key]
        else:
            target[key] = draw(wrong_type)
    return body


async def send(app: AppDriver, body: dict[str, Any]) -> int:
    if body.get("type") in {"event_callback", None}:
        response = await app.event(body)
    else:
        body.setdefault("response_url", app.slack.new_response_url())
        response = await app.interact(body)
    return response.status_code


@BOUNDED
@given(body=st.one_of(clicks(), submissions(), shortcuts_and_events()))
async def test_hostile_values_in_well_formed_payloads(
    app: AppDriver, caplog: pytest.LogCaptureFixture, body: dict[str, Any]
) -> None:
    assert await send(app, body) < 500, json.dumps(body)[:500]
    assert unhandled_errors(caplog) == []
    assert app.slack.broadcast_mentions == []


@BOUNDED
@given(body=with_fields_broken(st.one_of(clicks(), submissions(), shortcuts_and_events())))
async def test_missing_fields_and_wrong_types(
    app: AppDriver, caplog: pytest.LogCaptureFixture, body: dict[str, Any]
) -> None:
    assert await send(app, body) < 500, json.dumps(body)[:500]
    assert unhandled_errors(caplog) == []


async def test_a_button_that_is_not_ours_is_refused_privately(app: AppDriver) -> None:
    body = payload("block_actions_in_message")
    body["actions"][0]["value"] = "99999999999999999999"  # no such row, nor could there be
    body["response_url"] = app.slack.new_response_url()
    assert (await app.interact(body)).status_code == 200
    ((_hook, answer),) = await app.slack.await_webhook_posts()
    assert "could not read that request" in answer["text"]


async def test_a_modal_that_is_not_ours_is_refused_in_the_modal(app: AppDriver) -> None:
    body = payload("view_submission")
    body["view"].update(callback_id="commitment_done", private_metadata="{not json")
    answer = (await app.interact(body)).json()
    assert answer["response_action"] == "update"
    assert "could not read that request" in str(answer["view"]["blocks"])
