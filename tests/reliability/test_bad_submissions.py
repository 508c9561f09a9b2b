"""Hostile log-form submissions: stored and shown escaped, or refused on the field concerned.

Every field may be missing, of the wrong type, 10 kB long, full of mrkdwn, HTML or
`<!channel>`; the answer is never a 5xx or an unhandled error, and never a ping.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from hypothesis import example, given
from sqlmodel import select

from bot.slack.form_state import ModalMetadata
from storage.models import Case
from tests.bot.conftest import AppDriver
from tests.bot.form_values import case_values
from tests.bot.slack_flows import open_form, promise_values, submission
from tests.reliability.hostile import BOUNDED, TEN_KB, log_form_values
from tests.reliability.witness import unhandled_errors
from tests.slack_requests import REPORTER


def block_ids(view: dict[str, Any]) -> set[str]:
    return {block["block_id"] for block in view["blocks"] if "block_id" in block}


def stored_keys(app: AppDriver) -> set[str]:
    return set(app.db.run_sync(lambda s: list(s.exec(select(Case.submission_key)).all())))


async def submit(app: AppDriver, view: dict[str, Any], values: dict[str, Any]) -> tuple[str, Any]:
    """Submit `values` in a fresh copy of the log modal (its own submission key)."""
    key = uuid.uuid4().hex
    fresh = {**view, "private_metadata": ModalMetadata(key, "C2147483705").encode()}
    response = await app.interact(submission(fresh, values))
    assert response.status_code == 200, response.text
    return key, (response.json() if response.content else None)


@BOUNDED
@given(values=log_form_values())
@example(values=case_values(customer="<!channel> Acme", what_happened="x" * TEN_KB,
                            commitments=(promise_values(),)))
@example(values=case_values(customer="\x00<!here>", what_happened="<script>*hi*</script>",
                            commitments=(promise_values(),)))
@example(values={})
async def test_any_submission_is_stored_or_refused_on_its_fields(
    app: AppDriver, caplog: pytest.LogCaptureFixture, values: dict[str, Any]
) -> None:
    view = await open_form(app)
    confirmed = len(app.slack.calls_to("chat.postEphemeral"))
    key, answer = await submit(app, view, values)
    if answer is None:  # stored: the confirmation reaches the reporter
        assert key in stored_keys(app)
        await app.slack.await_calls("chat.postEphemeral", count=confirmed + 1,
                                    predicate=_to_reporter)
    else:
        assert answer["response_action"] == "errors"
        errors: dict[str, str] = answer["errors"]
        # Slack shows an error only under a block of the view: anything else is lost.
        assert errors and set(errors) <= block_ids(view), errors
        assert all(message.strip() for message in errors.values())
        assert key not in stored_keys(app)
    assert unhandled_errors(caplog) == []
    assert app.slack.broadcast_mentions == []


def _to_reporter(call: Any) -> bool:
    return bool(call.args.get("user") == REPORTER)
