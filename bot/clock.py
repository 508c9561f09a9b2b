"""The clock: APScheduler ticking `commands.nudges.run_due`. It holds no state of its own.

In-memory job store only, one interval job per process; every replica may tick, the database
decides who sends what (see `storage.nudges`).
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

logger = logging.getLogger(__name__)

Tick = Callable[[], Awaitable[None]]


def worker_name() -> str:
    """Unique per process: the lease owner recorded on claimed rows."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class _OverlapIsExpected(logging.Filter):
    """A tick still running when the next falls due is by design (`max_instances=1`): the
    next one takes over what is left. APScheduler warns about it every interval; drop that."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances" not in record.getMessage()


def start_clock(tick: Tick, *, interval_seconds: float) -> AsyncIOScheduler:
    """Run `tick` now and then every `interval_seconds`; call inside the running event loop."""
    apscheduler_log = logging.getLogger("apscheduler.scheduler")
    if not any(isinstance(f, _OverlapIsExpected) for f in apscheduler_log.filters):
        apscheduler_log.addFilter(_OverlapIsExpected())
    # Imported here: a `serve` that does not tick (ANGRYCALL_TICK_SECONDS=0, a cron runs
    # `tick`) and `tick` itself never load APScheduler.
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    scheduler = AsyncIOScheduler()
    scheduler.add_job(
        _logged(tick),
        "interval",
        seconds=interval_seconds,
        jitter=max(interval_seconds / 4, 0),
        max_instances=1,  # a slow tick is never overlapped by the next one in this process
        coalesce=True,
        misfire_grace_time=None,  # a late tick still runs: nothing is skipped
        next_run_time=datetime.now(UTC),  # first tick at start-up: catch up after downtime
        id="tick",
    )
    scheduler.start()
    return scheduler


def _logged(tick: Tick) -> Tick:
    async def run() -> None:
        try:
            await tick()
        except Exception:
            # The next tick retries everything; a failing database must not stop the clock.
            logger.exception("tick failed")

    return run
