"""Slack and Teams in one process: one app serves both, one tick delivers both platforms' rows,
and a Bot Connector failure is retried or given up like a Slack one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.services import Services
from bot.ticking import tick_once
from storage.models import Nudge
from tests.fakeslack import FakeSlack
from tests.seeding import owner_id, people_in_slack, seed_due_commitments
from tests.slack_requests import BOT_TOKEN, SIGNING_SECRET
from tests.teams.activities import REPORTER, personal_chat
from tests.teams.conftest import TeamsDriver, driving, teams_settings
from tests.teams.fake_connector import FakeBotConnector
from tests.teams.signing import SigningKey
from tests.teams.test_nudges import DUE_NUDGE, LOGGED, log_case


@pytest.fixture
async def both(slack: FakeSlack, connector: FakeBotConnector, signing_key: SigningKey,
               database_url: str) -> AsyncIterator[TeamsDriver]:
    settings = teams_settings(connector, database_url, slack_bot_token=BOT_TOKEN,
                              slack_signing_secret=SIGNING_SECRET, slack_api_url=slack.api_url)
    async with driving(settings, connector, signing_key) as driver:
        yield driver


async def test_one_tick_nudges_on_both_platforms(both: TeamsDriver, slack: FakeSlack) -> None:
    await seed_due_commitments(both.db, count=1, owners=1)  # a Slack workspace's promise
    people_in_slack(slack, owners=1)
    await log_case(both)  # and a Teams tenant's
    unsigned = await both.http.post("/slack/events", content="command=/angrycall")
    assert unsigned.status_code == 401  # Slack's route is there, and still verifies
    await both.tick(LOGGED)
    report = await tick_once(Services(settings=both.settings, db=both.db), now=DUE_NUDGE,
                             worker="test")
    assert report.sent == 2 and report.dead == 0, report
    assert "Due today" in slack.dm_messages(owner_id(0))[-1]["text"]
    assert both.connector.cards_to(personal_chat(REPORTER))[-1].card["body"][0]["text"].startswith(
        "Due today")


async def test_throttling_is_waited_out_and_a_removed_app_gives_up(teams: TeamsDriver) -> None:
    await log_case(teams)
    await teams.tick(LOGGED)
    teams.connector.failures.extend([429])
    report = await teams.tick(DUE_NUDGE)
    assert (report.sent, report.retried) == (0, 1)
    row = teams.db.run_sync(lambda s: s.exec(select(Nudge)).one())
    assert (row.status, (row.next_attempt_at - DUE_NUDGE).total_seconds()) == ("pending", 7)
    teams.connector.failures.extend([403, 403])  # the nudge, then the note to the reporter
    report = await teams.tick(datetime(2026, 11, 27, 18, 1, tzinfo=UTC))
    assert report.dead == 1
    row = teams.db.run_sync(lambda s: s.exec(select(Nudge)).one())
    assert (row.status, row.last_error) == ("dead", "Bot Connector HTTP 403")
