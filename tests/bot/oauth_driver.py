"""The app in OAuth mode (many workspaces), and Slack's install flow as a browser walks it."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from cryptography.fernet import Fernet

from bot.config import Settings
from tests.bot.conftest import AppDriver, running_app
from tests.fakeslack import FakeSlack
from tests.slack_requests import SIGNING_SECRET

ENCRYPTION_KEY = Fernet.generate_key().decode()
STATE_COOKIE = "slack-app-oauth-state"


def oauth_settings(slack: FakeSlack, database_url: str, *, key: str = ENCRYPTION_KEY) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        slack_client_id=slack.installs.client_id,
        slack_client_secret=slack.installs.client_secret,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.api_url,
        database_url=database_url,
        ANGRYCALL_ENCRYPTION_KEY=key,
        ANGRYCALL_TICK_SECONDS=0,
    )


@asynccontextmanager
async def oauth_app(slack: FakeSlack, database_url: str) -> AsyncIterator[AppDriver]:
    # https: the OAuth state cookie is a secure one.
    async with running_app(oauth_settings(slack, database_url), slack,
                           base_url="https://testserver") as driver:
        yield driver


async def install(app: AppDriver, team_id: str, *, installer: str) -> str:
    """Walk the install: the "Add to Slack" page, the approval, the redirect. Returns the bot
    token Slack issued."""
    page = await app.http.get("/slack/install")
    assert page.status_code == 200, page.text
    state = page.cookies.get(STATE_COOKIE) or _state_in(page.text)
    code = app.slack.new_install_code(team_id, installer=installer)
    done = await app.http.get("/slack/oauth_redirect", params={"code": code, "state": state},
                              headers={"cookie": f"{STATE_COOKIE}={state}"})
    assert done.status_code == 200, done.text
    return issued_token(app.slack, team_id)


def issued_token(slack: FakeSlack, team_id: str) -> str:
    tokens = [t for t, bot in slack.bot_tokens.items() if bot["team_id"] == team_id]
    return tokens[-1]


def _state_in(html: str) -> str:
    found = re.search(r"state=([\w-]+)", html)
    assert found, html
    return found.group(1)


def in_team(body: dict[str, Any], team_id: str, user_id: str) -> dict[str, Any]:
    """An interactivity payload as a person of another workspace sends it."""
    body["team"] = {"id": team_id, "domain": team_id.lower()}
    body["user"].update(id=user_id, team_id=team_id)
    if isinstance(body.get("view"), dict):
        body["view"].update(team_id=team_id, app_installed_team_id=team_id)
    return body
