"""TEAMS_ALLOW_ANONYMOUS (local development with an emulator): no credentials, no tokens."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.app import build_app
from bot.config import Settings
from tests.bot.conftest import FIXED_NOW
from tests.teams.activities import REPORTER, message, personal_chat
from tests.teams.fake_connector import FakeBotConnector


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
