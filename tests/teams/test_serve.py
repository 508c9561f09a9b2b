"""`angrycall serve` with only Teams configured: the operator's contract, as a real process."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.serving import ANGRYCALL, environment, serving
from tests.teams.activities import APP_ID, REPORTER, TENANT, message, personal_chat
from tests.teams.conftest import APP_PASSWORD
from tests.teams.fake_connector import FakeBotConnector
from tests.teams.signing import SigningKey


def clean_environment(**values: str) -> dict[str, str]:
    """The test's environment without Slack's, ours, or any Teams setting of the machine."""
    env = {k: v for k, v in environment().items() if not k.startswith("TEAMS_")}
    return {**env, **values}


def teams_environment(connector: FakeBotConnector) -> dict[str, str]:
    return clean_environment(TEAMS_APP_ID=APP_ID, TEAMS_APP_PASSWORD=APP_PASSWORD,
                             TEAMS_TENANT_ID=TENANT, TEAMS_JWKS_URL=f"{connector.url}/jwks",
                             TEAMS_TOKEN_URL=f"{connector.url}/token")


@pytest.fixture
def served(connector: FakeBotConnector, tmp_path: Path) -> Iterator[str]:
    with serving(teams_environment(connector), tmp_path) as url:
        yield url


def test_teams_only_serve_answers_teams_and_has_no_slack_route(
        served: str, connector: FakeBotConnector, signing_key: SigningKey) -> None:
    token = signing_key.token(audience=APP_ID, service_url=connector.url)
    response = httpx.post(f"{served}/api/messages", json=message(connector.url, "angrycall"),
                          headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert response.status_code == 202
    assert connector.cards_to(personal_chat(REPORTER))
    assert httpx.post(f"{served}/api/messages", json={}).status_code == 401
    assert httpx.post(f"{served}/slack/events", content="x").status_code == 404


def test_anonymous_mode_is_refused_on_a_public_address(connector: FakeBotConnector,
                                                        tmp_path: Path) -> None:
    env = clean_environment(TEAMS_ALLOW_ANONYMOUS="true")
    result = subprocess.run([ANGRYCALL, "serve", "--host", "0.0.0.0"], env=env,
                            cwd=str(tmp_path), capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "TEAMS_ALLOW_ANONYMOUS" in result.stderr and "local development" in result.stderr
