"""Homes touched by changes are republished once per person per burst, and each workspace's
publishes stay within Slack's views.publish budget; one that fails does not stop the rest."""

from __future__ import annotations

import asyncio
from itertools import pairwise

import pytest
from aiolimiter import AsyncLimiter
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.slack import home_refreshes
from bot.slack.home_refreshes import WorkspaceHomes


class Slack:
    """Takes each published home with the moment it arrived."""

    def __init__(self, *, failing: frozenset[str] = frozenset()) -> None:
        self.published: list[tuple[str, float]] = []
        self.failing = failing

    async def publish(self, user_id: str) -> None:
        if user_id in self.failing:
            raise SlackApiError("user_not_found", _response({"ok": False,
                                                             "error": "user_not_found"}))
        self.published.append((user_id, asyncio.get_running_loop().time()))

    @property
    def users(self) -> list[str]:
        return [user for user, _ in self.published]


def _response(data: dict[str, object]) -> AsyncSlackResponse:
    return AsyncSlackResponse(client=None, http_verb="POST", api_url="views.publish",  # type: ignore[arg-type]
                              req_args={}, data=data, headers={}, status_code=200)


@pytest.fixture(autouse=True)
def short_coalescing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(home_refreshes, "COALESCE_SECONDS", 0.05)


async def settled(homes: WorkspaceHomes) -> None:
    assert homes.publisher is not None
    await asyncio.wait_for(homes.publisher, timeout=10)


async def test_a_burst_for_one_person_publishes_their_home_once() -> None:
    slack = Slack()
    homes = WorkspaceHomes(publish=slack.publish)
    for _ in range(10):
        homes.touch(["U1", "U2"])
        await asyncio.sleep(0)
    await settled(homes)
    assert slack.users == ["U1", "U2"]


async def test_a_change_after_a_publish_gets_a_publish_of_its_own() -> None:
    slack = Slack()
    homes = WorkspaceHomes(publish=slack.publish)
    homes.touch(["U1"])
    await settled(homes)
    homes.touch(["U1"])
    await settled(homes)
    assert slack.users == ["U1", "U1"]


async def test_beyond_the_budget_homes_wait_their_turn_and_are_published_once() -> None:
    slack = Slack()
    # Two publishes at once, then one every 0.1 s (Slack's is 100 a minute).
    homes = WorkspaceHomes(publish=slack.publish, budget=AsyncLimiter(2, 0.2))
    homes.touch(["U1", "U2", "U3", "U4"])
    await asyncio.sleep(home_refreshes.COALESCE_SECONDS + 0.02)
    homes.touch(["U4", "U3", "U5"])  # touched again while waiting: still once each
    await settled(homes)
    assert slack.users == ["U1", "U2", "U3", "U4", "U5"]
    times = [at for _, at in slack.published]
    assert times[1] - times[0] < 0.05  # the burst went at once
    paced = [later - earlier for earlier, later in pairwise(times[1:])]
    assert all(gap >= 0.08 for gap in paced), paced


async def test_a_home_that_cannot_be_published_does_not_stop_the_others() -> None:
    slack = Slack(failing=frozenset({"U2"}))
    homes = WorkspaceHomes(publish=slack.publish)
    homes.touch(["U1", "U2", "U3"])
    await settled(homes)
    assert slack.users == ["U1", "U3"]
