"""Slack's notices about the app (uninstalled, tokens revoked, rate-limited) in every mode."""

from __future__ import annotations

import asyncio
import logging

import pytest

from tests.bot.conftest import AppDriver
from tests.bot.oauth_driver import install, oauth_app
from tests.bot.test_oauth import stored_bot_tokens
from tests.fakeslack import FakeSlack
from tests.slack_requests import REPORTER, payload

# The uninstall last: after it, bolt refuses what comes from the workspace (no installation).
NOTICES = ("app_rate_limited", "tokens_revoked", "app_uninstalled")


async def said(caplog: pytest.LogCaptureFixture, words: str) -> bool:
    for _ in range(100):
        if any(words in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records):
            return True
        await asyncio.sleep(0.02)
    return False


@pytest.mark.parametrize(("notice", "words"), [
    ("app_uninstalled", "uninstalled from Slack workspace T0001"),
    ("tokens_revoked", "revoked the app's bot, oauth tokens"),
    ("app_rate_limited", "holding back this app's events for workspace T0001"),
])
async def test_with_a_single_token_each_notice_is_acknowledged_and_logged(
        app: AppDriver, caplog: pytest.LogCaptureFixture, notice: str, words: str) -> None:
    response = await app.event(payload(notice))
    assert response.status_code == 200
    assert await said(caplog, words)


async def test_with_oauth_an_uninstall_forgets_the_workspace(
        slack: FakeSlack, database_url: str, caplog: pytest.LogCaptureFixture) -> None:
    async with oauth_app(slack, database_url) as app:
        await install(app, "T0001", installer=REPORTER)
        for notice in NOTICES:
            assert (await app.event(payload(notice))).status_code == 200
        assert await said(caplog, "holding back")
        for _ in range(100):
            if "T0001" not in stored_bot_tokens(app.db):
                break
            await asyncio.sleep(0.02)
        assert stored_bot_tokens(app.db) == {}
