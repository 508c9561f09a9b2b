"""Teams settings: complete or refused, anonymous only on loopback, fakes only on loopback."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from bot.config import ConfigurationError, Settings
from tests.teams.activities import APP_ID, TENANT


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_teams_alone_is_a_complete_configuration() -> None:
    teams_only = settings(teams_app_id=APP_ID, teams_app_password="s3cret-value",
                          teams_tenant_id=TENANT)
    assert teams_only.teams and not teams_only.slack
    teams_only.require_platforms(host="0.0.0.0")
    teams_only.require_platforms(outbound=True)


def test_half_a_teams_configuration_names_what_is_missing() -> None:
    with pytest.raises(ConfigurationError) as refused:
        settings(teams_app_id=APP_ID).require_platforms(host="0.0.0.0")
    assert "TEAMS_APP_PASSWORD is not set" in str(refused.value)
    assert "TEAMS_TENANT_ID is not set" in str(refused.value)


def test_a_placeholder_app_id_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="TEAMS_APP_ID should be the app's id"):
        settings(teams_app_id="your-app-id", teams_app_password="s3cret-value",
                 teams_tenant_id=TENANT).require_platforms(host="0.0.0.0")


def test_nothing_configured_still_asks_for_slack_first() -> None:
    with pytest.raises(ConfigurationError, match="SLACK_BOT_TOKEN is not set"):
        settings().require_platforms(host="127.0.0.1")


def test_slack_and_teams_are_each_checked() -> None:
    both = settings(teams_app_id=APP_ID, teams_app_password="s3cret-value",
                    teams_tenant_id=TENANT, slack_bot_token="xoxb-1")
    with pytest.raises(ConfigurationError, match="SLACK_SIGNING_SECRET is not set"):
        both.require_platforms(host="0.0.0.0")


@pytest.mark.parametrize(("host", "allowed"), [
    ("127.0.0.1", True), ("::1", True), ("localhost", True), ("0.0.0.0", False),
    ("10.1.2.3", False),
])
def test_anonymous_mode_is_for_loopback_only(host: str, allowed: bool) -> None:
    anonymous = settings(teams_allow_anonymous=True)
    if allowed:
        anonymous.require_platforms(host=host)
    else:
        with pytest.raises(ConfigurationError, match="local development only"):
            anonymous.require_platforms(host=host)


@pytest.mark.parametrize("name", ["teams_jwks_url", "teams_token_url"])
def test_key_and_token_overrides_must_stay_on_loopback(name: str) -> None:
    with pytest.raises(ValidationError, match="loopback"):
        settings(**{name: "https://login.example.com/keys"})
    assert getattr(settings(**{name: "http://127.0.0.1:9/x"}), name) == "http://127.0.0.1:9/x"
