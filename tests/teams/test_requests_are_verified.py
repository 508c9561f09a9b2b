"""Only the Bot Framework, signing with a key of its JWKS for our app id, gets a turn."""

from __future__ import annotations

import pytest
from sqlmodel import select

from storage.models import Person
from tests.teams.activities import message
from tests.teams.conftest import TeamsDriver
from tests.teams.signing import SigningKey

OTHER_APP = "11111111-2222-3333-4444-555555555555"


def forged(teams: TeamsDriver) -> dict[str, str]:
    """Tokens that must each be refused, by what is wrong with them."""
    url = teams.connector.url
    return {
        "unknown key": SigningKey(kid=teams.key.kid).token(audience=teams.settings.teams_app_id
                                                           or "", service_url=url),
        "another app": teams.key.token(audience=OTHER_APP, service_url=url),
        "expired": teams.key.token(audience=teams.settings.teams_app_id or "",
                                   service_url=url, lifetime=-3600),
        "not a token": "not.a.jwt",
    }


@pytest.mark.parametrize("problem", ["missing", "unknown key", "another app", "expired",
                                     "not a token"])
async def test_a_request_without_a_valid_token_gets_401(teams: TeamsDriver,
                                                        problem: str) -> None:
    token = None if problem == "missing" else forged(teams)[problem]
    response = await teams.send(message(teams.connector.url, "angrycall"), token=token)
    assert response.status_code == 401
    assert teams.connector.posts == []
    assert teams.db.run_sync(lambda s: s.exec(select(Person)).all()) == []


async def test_a_basic_auth_header_gets_401(teams: TeamsDriver) -> None:
    response = await teams.http.post("/api/messages", json=message(teams.connector.url, "hi"),
                                     headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert response.status_code == 401
