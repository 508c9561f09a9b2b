"""Bodies bolt cannot even parse or route: truncated JSON, JSON that is not an object, envelope
fields (team, user, channel, authorizations) of the wrong type.

bolt reads these before any middleware runs (`AsyncSlackRequestHandler.handle` parses the body
and builds the request context), signed or not; they used to raise out of the route and uvicorn
answered 500. The `/slack/events` route in `bot/app.py` now answers 400: nothing ran for them.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.bot.conftest import AppDriver
from tests.slack_requests import FORM, JSON, interaction, payload


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """These never reach a database: SQLite alone is enough."""
    return sqlite_url


SUBMISSION = interaction(payload("view_submission"))
EVENT = json.dumps(payload("app_home_opened"))
ENVELOPES: list[tuple[str, str, Any]] = [
    ("block_actions_in_message", "team", 1), ("block_actions_in_message", "user", True),
    ("block_actions_in_message", "channel", 7), ("view_submission", "authorizations", 3),
    ("message_action", "enterprise", 2), ("view_submission", "user", 5),
]


@pytest.mark.parametrize("cut", [9, len(SUBMISSION) // 2, len(SUBMISSION) - 1])
async def test_a_truncated_interaction_is_refused(app: AppDriver, cut: int) -> None:
    assert (await app.post(SUBMISSION[:cut], FORM)).status_code < 500


@pytest.mark.parametrize("cut", [1, len(EVENT) // 2, len(EVENT) - 1])
async def test_a_truncated_event_is_refused(app: AppDriver, cut: int) -> None:
    assert (await app.post(EVENT[:cut], JSON)).status_code < 500


@pytest.mark.parametrize("text", ["[1, 2]", "null", '"text"', "7"])
async def test_json_that_is_not_an_object_is_refused(app: AppDriver, text: str) -> None:
    assert (await app.post("payload=" + text, FORM)).status_code < 500


@pytest.mark.parametrize(("name", "field", "value"), ENVELOPES)
async def test_an_envelope_of_the_wrong_type_is_refused(
    app: AppDriver, name: str, field: str, value: Any
) -> None:
    body = payload(name)
    body[field] = value
    assert (await app.interact(body)).status_code < 500


async def test_an_unsigned_unparseable_body_is_refused(app: AppDriver) -> None:
    response = await app.http.post("/slack/events", content=SUBMISSION[:20],
                                   headers={"content-type": FORM})
    assert response.status_code in {400, 401}
