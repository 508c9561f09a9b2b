"""The database gone while bolt authorizes a request (OAuth installs): an answer, never a 500.

With many workspaces, every request first reads its workspace's installation. When that read
fails, a form submission used to get a 500 and the person no message at all (issue 12,
point 15): the form now says the database is away, and keeps what was typed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.slack.errors import DATABASE_AWAY
from tests.bot.conftest import running_app
from tests.bot.form_values import case_values
from tests.bot.oauth_driver import in_team, install, oauth_settings
from tests.bot.slack_flows import open_form, promise_values, submission
from tests.fakeslack import FakeSlack
from tests.reliability.outages import Outage, database_behind_outage
from tests.slack_requests import REPORTER, TEAM_ID


@pytest.fixture
def outage(database_url: str) -> Iterator[tuple[str, Outage]]:
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no connection to drop (its reads go on under a writer's lock)")
    with database_behind_outage(database_url) as (url, switch):
        yield url, switch
        switch.end()


async def test_a_submission_while_authorization_cannot_read_is_answered(
    slack: FakeSlack, outage: tuple[str, Outage]
) -> None:
    url, switch = outage
    async with running_app(oauth_settings(slack, url), slack,
                           base_url="https://testserver") as app:
        await install(app, TEAM_ID, installer=REPORTER)
        view = await open_form(app)
        body = in_team(submission(view, case_values(commitments=(promise_values(),))),
                       TEAM_ID, REPORTER)
        switch.begin()
        try:
            response = await app.interact(body)
        finally:
            switch.end()
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["response_action"] == "errors"
    assert DATABASE_AWAY in answer["errors"].values()


async def test_a_click_while_authorization_cannot_read_is_answered(
    slack: FakeSlack, outage: tuple[str, Outage]
) -> None:
    url, switch = outage
    async with running_app(oauth_settings(slack, url), slack,
                           base_url="https://testserver") as app:
        await install(app, TEAM_ID, installer=REPORTER)
        switch.begin()
        try:
            response = await app.command("list")
        finally:
            switch.end()
        assert response.status_code == 200, response.text
        ((_hook, said),) = await app.slack.await_webhook_posts()
    assert said["text"] == DATABASE_AWAY
