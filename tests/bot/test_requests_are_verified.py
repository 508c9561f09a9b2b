"""Only requests Slack really signed, recently, get in; nothing else reaches the Web API."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from tests.bot.conftest import AppDriver
from tests.slack_requests import FORM, JSON, event, payload, signed_headers, slash_command


def unsigned(_body: str) -> dict[str, str]:
    return {"content-type": FORM}


def signed_for_another_body(body: str) -> dict[str, str]:
    return signed_headers(body + "&text=tampered", content_type=FORM)


def wrong_secret(body: str) -> dict[str, str]:
    return signed_headers(body, content_type=FORM, secret="not-the-secret")


def stale(body: str) -> dict[str, str]:
    return signed_headers(body, content_type=FORM, timestamp=int(time.time()) - 6 * 60)


@pytest.mark.parametrize("sign", [unsigned, signed_for_another_body, wrong_secret, stale])
async def test_bad_signatures_get_401_and_do_nothing(
    app: AppDriver, sign: Callable[[str], dict[str, str]]
) -> None:
    body = slash_command("", trigger_id=app.slack.new_trigger_id())
    response = await app.http.post("/slack/events", content=body, headers=sign(body))
    assert response.status_code == 401
    assert app.slack.calls == []


async def test_a_signature_within_five_minutes_is_accepted(app: AppDriver) -> None:
    body = slash_command("help")
    headers = signed_headers(body, content_type=FORM, timestamp=int(time.time()) - 4 * 60)
    response = await app.http.post("/slack/events", content=body, headers=headers)
    assert response.status_code == 200


async def test_event_retries_are_acknowledged_not_redone(app: AppDriver) -> None:
    home = payload("app_home_opened")
    first = await app.event(home)
    await app.slack.await_calls("views.publish")
    retries = [await app.event(home, **{"x-slack-retry-num": str(n),
                                        "x-slack-retry-reason": "http_timeout"})
               for n in (1, 2, 3)]
    assert [r.status_code for r in (first, *retries)] == [200, 200, 200, 200]
    assert len(app.slack.calls_to("views.publish")) == 1
    assert app.slack.home_views["U2147483697"]["type"] == "home"


async def test_url_verification_is_answered(app: AppDriver) -> None:
    challenge = {"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                 "type": "url_verification"}
    response = await app.post(event(challenge), JSON)
    assert response.status_code == 200
    assert challenge["challenge"] in response.text


async def test_healthz_answers_when_ready(app: AppDriver) -> None:
    response = await app.http.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
