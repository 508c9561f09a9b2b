"""Bad, missing and replayed signatures: refused with 401, and nothing happens or leaks.

tests/bot/test_requests_are_verified.py covers a slash command unsigned, tampered with, signed
with another secret or too old; here every kind of request (a form submission that would store
a case, an event that would publish a Home tab, a command that would open a modal) meets every
kind of bad signature, and a request captured in flight is replayed.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import pytest
from slack_sdk.signature import Clock
from sqlmodel import func, select

from bot.config import Settings
from bot.slack.form_state import ModalMetadata
from storage.models import Case
from tests.bot.conftest import AppDriver, running_app
from tests.bot.form_values import case_values
from tests.bot.slack_flows import open_form, promise_values, submission
from tests.fakeslack import FakeSlack
from tests.slack_requests import (
    BOT_TOKEN,
    FORM,
    JSON,
    SIGNING_SECRET,
    event,
    interaction,
    payload,
    signed_headers,
    slash_command,
)

Headers = dict[str, str]


def _signed(body: str, kind: str, **changes: str) -> Headers:
    headers = signed_headers(body, content_type=kind)
    headers.update(changes)
    return {name: value for name, value in headers.items() if value}


BAD_SIGNATURES: dict[str, Callable[[str, str], Headers]] = {
    "no headers": lambda body, kind: {"content-type": kind},
    "no timestamp": lambda body, kind: _signed(body, kind, **{"x-slack-request-timestamp": ""}),
    "no signature": lambda body, kind: _signed(body, kind, **{"x-slack-signature": ""}),
    "another version": lambda body, kind: {
        **_signed(body, kind),
        "x-slack-signature": "v1=" + _signed(body, kind)["x-slack-signature"][3:]},
    "not hex": lambda body, kind: _signed(body, kind, **{"x-slack-signature": "v0=zz"}),
    "timestamp not a number": lambda body, kind: _signed(
        body, kind, **{"x-slack-request-timestamp": "soon"}),
    "from the future": lambda body, kind: signed_headers(
        body, content_type=kind, timestamp=int(time.time()) + 6 * 60),
    "another secret": lambda body, kind: signed_headers(body, content_type=kind, secret="guess"),
    "another body": lambda body, kind: signed_headers(body + " ", content_type=kind),
}


async def requests_that_would_act(app: AppDriver) -> list[tuple[str, str]]:
    """A submission that would store a case, an event and a command that would call Slack."""
    view = await open_form(app)
    view["private_metadata"] = ModalMetadata(uuid.uuid4().hex, "C2147483705").encode()
    values = case_values(commitments=(promise_values(),))
    command = slash_command("", trigger_id=app.slack.new_trigger_id(),
                            response_url=app.slack.new_response_url())
    return [(interaction(submission(view, values)), FORM),
            (event(payload("app_home_opened")), JSON), (command, FORM)]


def cases_stored(app: AppDriver) -> int:
    return int(app.db.run_sync(lambda s: s.exec(select(func.count()).select_from(Case)).one()))


@pytest.mark.parametrize("how", sorted(BAD_SIGNATURES))
async def test_a_bad_signature_is_refused_and_does_nothing(app: AppDriver, how: str) -> None:
    requests = await requests_that_would_act(app)
    calls_before = len(app.slack.calls)
    for body, kind in requests:
        response = await app.http.post("/slack/events", content=body,
                                       headers=BAD_SIGNATURES[how](body, kind))
        assert response.status_code == 401, (how, response.status_code)
        assert "Acme" not in response.text and "T0001" not in response.text
    assert len(app.slack.calls) == calls_before
    assert cases_stored(app) == 0


async def test_a_replayed_request_is_refused_after_five_minutes(
    app: AppDriver, monkeypatch: pytest.MonkeyPatch
) -> None:
    body, kind = (await requests_that_would_act(app))[0]
    captured = signed_headers(body, content_type=kind)
    first = await app.http.post("/slack/events", content=body, headers=captured)
    again = await app.http.post("/slack/events", content=body, headers=captured)  # in the window
    assert (first.status_code, again.status_code, cases_stored(app)) == (200, 200, 1)
    confirmations = len(await app.slack.await_calls("chat.postEphemeral"))

    later = time.time() + 6 * 60
    monkeypatch.setattr(Clock, "now", lambda _self: later)  # the verifier's clock, 6 min on
    replayed = await app.http.post("/slack/events", content=body, headers=captured)
    assert replayed.status_code == 401
    assert cases_stored(app) == 1
    assert len(app.slack.calls_to("chat.postEphemeral")) == confirmations == 1


async def test_in_socket_mode_nothing_posted_over_http_is_accepted(
    slack: FakeSlack, database_url: str
) -> None:
    """No signing secret to verify with: bolt then leaves its check out, and an unsigned post
    was answered."""
    settings = Settings(_env_file=None, slack_bot_token=BOT_TOKEN,  # type: ignore[call-arg]
                        slack_app_token="xapp-1-test", slack_api_url=slack.api_url,
                        database_url=database_url, ANGRYCALL_TICK_SECONDS=0)
    async with running_app(settings, slack) as app:
        body = slash_command("help", trigger_id=slack.new_trigger_id(),
                             response_url=slack.new_response_url())
        for headers in ({"content-type": FORM},
                        signed_headers(body, content_type=FORM, secret=SIGNING_SECRET)):
            response = await app.http.post("/slack/events", content=body, headers=headers)
            assert response.status_code == 401, response.text
