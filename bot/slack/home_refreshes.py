"""Republishing App Homes after the changes that touch them: coalesced per person, paced per
workspace.

A burst of changes for one person (a busy hour of logging, a lead re-dating ten promises)
republishes their home once: a refresh waits COALESCE_SECONDS, and what changes meanwhile rides
along. Slack allows `views.publish` about PUBLISHES_PER_MINUTE calls a minute per workspace
(Tier 4); a busy workspace touching many homes at once would run into 429s and drop some. So each
workspace's homes are published one after another within that budget (a leaky bucket,
aiolimiter's): a burst of up to PUBLISHES_PER_MINUTE goes at once, after that the homes wait
their turn, and a person touched again while waiting is published once, with what is newest.
The homes are read afresh when their turn comes. A home opened meanwhile is published at once
(`on_home_opened`, outside this budget: someone is looking at it).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

from aiohttp import ClientError
from aiolimiter import AsyncLimiter
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

COALESCE_SECONDS = 1.0
PUBLISHES_PER_MINUTE = 100
# Named so that whoever waits for a request's work can tell this long wait from it.
PUBLISHER_TASK_NAME = "app-home-publisher"

# Publishes one person's home, read afresh.
Publish = Callable[[str], Awaitable[None]]

logger = logging.getLogger(__name__)


@dataclass
class WorkspaceHomes:
    """The homes of one workspace waiting to be republished, and the one task publishing them."""

    publish: Publish
    waiting: dict[str, None] = field(default_factory=dict)  # user ids, in the order touched
    budget: AsyncLimiter = field(default_factory=lambda: AsyncLimiter(PUBLISHES_PER_MINUTE))
    publisher: asyncio.Task[None] | None = None

    def touch(self, user_ids: Iterable[str]) -> None:
        self.waiting.update(dict.fromkeys(user_ids))
        if self.publisher is None or self.publisher.done():
            # The task is held here: the event loop keeps only a weak reference to it.
            self.publisher = asyncio.create_task(self._publish_waiting(),
                                                 name=PUBLISHER_TASK_NAME)

    def belongs_to_this_loop(self) -> bool:
        # A task of another, finished event loop never runs: tests start a loop per app.
        return self.publisher is None or (
            self.publisher.get_loop() is asyncio.get_running_loop())

    async def _publish_waiting(self) -> None:
        await asyncio.sleep(COALESCE_SECONDS)
        while self.waiting:
            async with self.budget:
                # Taken off only now: a change up to here rides along with this publish,
                # one after it needs (and gets) a publish of its own.
                user_id = next(iter(self.waiting))
                del self.waiting[user_id]
                await self._publish_one(user_id)

    async def _publish_one(self, user_id: str) -> None:
        try:
            await self.publish(user_id)
        except (SlackApiError, ClientError, TimeoutError, SQLAlchemyError):
            logger.warning("could not refresh the home of %s", user_id, exc_info=True)
