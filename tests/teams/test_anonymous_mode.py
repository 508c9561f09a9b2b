"""TEAMS_ALLOW_ANONYMOUS (local development with an emulator): no credentials, no tokens, for
answers and for what the bot sends by itself (nudges, digests, notices)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.app import build_app
from bot.config import Settings
from tests.bot.conftest import FIXED_NOW
from tests.teams.activities import REPORTER, message, personal_chat, submit
from tests.teams.conftest import TeamsDriver, driving
from tests.teams.fake_connector import FakeBotConnector
from tests.teams.signing import SigningKey
from tests.teams.test_form_flow import valid_form
from tests.teams.test_nudges import DUE_NUDGE, LOGGED


@pytest.fixture
async def anonymous(connector: FakeBotConnector, sqlite_url: str
                    ) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(_env_file=None, teams_allow_anonymous=True,  # type: ignore[call-arg]
                        database_url=sqlite_url, tick_seconds=0)
    asgi = build_app(settings, clock=lambda: FIXED_NOW)
    async with asgi.router.lifespan_context(asgi):
        transport = httpx.ASGITransport(app=asgi)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


async def test_an_unsigned_request_is_served_and_answered_without_a_token(
        anonymous: httpx.AsyncClient, connector: FakeBotConnector) -> None:
    response = await anonymous.post("/api/messages", json=message(connector.url, "angrycall"))
    assert response.status_code == 202
    (form,) = connector.cards_to(personal_chat(REPORTER))
    assert form.authorization is None


async def test_a_bad_token_is_still_refused(anonymous: httpx.AsyncClient,
                                            connector: FakeBotConnector) -> None:
    response = await anonymous.post("/api/messages", json=message(connector.url, "angrycall"),
                                    headers={"Authorization": "Bearer not.a.jwt"})
    assert response.status_code == 401


@pytest.fixture
async def local_teams(connector: FakeBotConnector, signing_key: SigningKey, database_url: str
                      ) -> AsyncIterator[TeamsDriver]:
    settings = Settings(_env_file=None, teams_allow_anonymous=True,  # type: ignore[call-arg]
                        database_url=database_url, tick_seconds=0)
    async with driving(settings, connector, signing_key) as driver:
        yield driver


async def test_what_the_bot_starts_itself_is_delivered_without_a_token(
        local_teams: TeamsDriver, connector: FakeBotConnector) -> None:
    """Nudges go out from the tick (no request to answer): the README's local mode too."""
    await local_teams.send(message(connector.url, "angrycall"), token=None)
    (form,) = connector.cards_to(personal_chat(REPORTER))
    key = form.card["actions"][0]["data"]["submission_key"]
    await local_teams.send(submit(connector.url, valid_form(key), reply_to=form.activity_id),
                           token=None)
    await local_teams.tick(LOGGED)
    report = await local_teams.tick(DUE_NUDGE)
    assert (report.sent, report.retried, report.errors) == (1, 0, [])
    nudge = connector.cards_to(personal_chat(REPORTER))[-1]
    assert nudge.authorization is None
    assert nudge.card["body"][0]["text"].startswith("Due today")
