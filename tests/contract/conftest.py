"""Each contract test runs once per platform (and per database): the `platform` fixture is a
Slack or a Teams driver of the same app."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.bot.conftest import running_app, test_settings
from tests.contract.drivers import Driver
from tests.contract.slack_driver import SlackDriver
from tests.contract.teams_driver import TeamsContractDriver
from tests.fakeslack import FakeSlack
from tests.teams.conftest import (  # noqa: F401 (fixtures the Teams driver needs)
    connector,
    driving,
    fake_connector,
    signing_key,
    teams_settings,
)
from tests.teams.fake_connector import FakeBotConnector
from tests.teams.signing import SigningKey

PLATFORMS = ["slack", "teams"]


@pytest.fixture(params=PLATFORMS)
async def platform(request: pytest.FixtureRequest, database_url: str) -> AsyncIterator[Driver]:
    if request.param == "slack":
        slack: FakeSlack = request.getfixturevalue("slack")
        async with running_app(test_settings(slack, database_url), slack) as app:
            yield SlackDriver(app)
        return
    teams_connector: FakeBotConnector = request.getfixturevalue("connector")
    key: SigningKey = request.getfixturevalue("signing_key")
    async with driving(teams_settings(teams_connector, database_url), teams_connector,
                       key) as teams:
        yield TeamsContractDriver(teams)


