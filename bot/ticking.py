"""One tick, whichever clock asks for it: `angrycall tick --at` or the scheduler in `serve`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from aiohttp import ClientSession

from bot.clock import start_clock, worker_name
from bot.outer_loop_senders import (
    theme_notice_senders,
    theme_reminder_senders,
    weekly_note_senders,
)
from bot.platforms import PlatformDigestPublisher, PlatformMessenger
from bot.services import Services
from bot.slack.clients import TeamClients
from bot.slack.digest_publisher import SlackDigestPublisher
from bot.slack.http_session import slack_http_session
from bot.slack.nudge_sender import SlackMessenger
from commands.case_lifecycle import apply_retention
from commands.digest_delivery import DigestPublisher, run_due_digests
from commands.nudges import DispatchReport, run_due
from commands.ports import Messenger
from commands.theme_notices import run_due_theme_notices
from commands.theme_reminders import run_due_theme_reminders
from commands.weekly_notes import run_due_weekly_notes

logger = logging.getLogger(__name__)
# How long a stopping server lets a tick under way finish (uvicorn gives requests as long).
TICK_FINISH_SECONDS = 10


def team_clients(services: Services, session: ClientSession) -> TeamClients:
    return TeamClients(api_url=services.settings.slack_api_url, tokens=services.slack_tokens,
                       session=session)


async def tick_once(
    services: Services, *, now: datetime, worker: str, report: DispatchReport | None = None
) -> DispatchReport:
    """Everything due at `now`: nudges, then weekly digests (counted in `report` as they go)."""
    # One HTTP session a tick: every message of the tick reuses its connections.
    async with slack_http_session() as session:
        clients = team_clients(services, session)
        messenger, publisher = outbound(services, clients)
        report = await run_due(services.db, messenger, now=now, worker=worker, report=report)
        digests = await run_due_digests(services.db, publisher, now=now, worker=worker)
        report.digests_posted = digests.posted
        await run_due_theme_notices(services.db, theme_notice_senders(services, clients),
                                    now=now, worker=worker)
        await run_due_theme_reminders(services.db, theme_reminder_senders(services, clients),
                                      now=now, worker=worker)
        await run_due_weekly_notes(services.db, weekly_note_senders(services, clients),
                                   now=now, worker=worker)
    await apply_retention(services.db, now=now)
    if report.sent or report.retried or report.dead:
        logger.info("tick at %s: %s", now.isoformat(), report)
    return report


def outbound(services: Services, clients: TeamClients) -> tuple[Messenger, DigestPublisher]:
    """Each row goes out on its workspace's platform: Slack always (its rows fail by themselves
    without a token), Teams when it is configured."""
    messengers: dict[str, Messenger] = {"slack": SlackMessenger(clients)}
    publishers: dict[str, DigestPublisher] = {"slack": SlackDigestPublisher(clients)}
    if (teams := services.teams) is not None:
        from bot.teams.digest_charts import chart_shelf
        from bot.teams.messenger import TeamsDigestPublisher, TeamsMessenger

        messengers["teams"] = TeamsMessenger(teams, services.db)
        publishers["teams"] = TeamsDigestPublisher(teams, services.db, chart_shelf(
            services.db, services.settings.public_url, services.clock))
    messenger, publisher = PlatformMessenger(messengers), PlatformDigestPublisher(publishers)
    if not services.settings.metrics_enabled:
        return messenger, publisher
    from bot.metrics import MeasuredMessenger, MeasuredPublisher

    return MeasuredMessenger(messenger), MeasuredPublisher(publisher)


@asynccontextmanager
async def running_clock(services: Services) -> AsyncIterator[None]:
    """Tick every ANGRYCALL_TICK_SECONDS while the server runs (not at all when 0)."""
    interval = services.settings.tick_seconds
    if interval <= 0:
        yield
        return
    worker = worker_name()
    under_way: set[asyncio.Task[object]] = set()

    async def tick() -> None:
        task = asyncio.current_task()
        assert task is not None  # APScheduler runs a coroutine job in a task of its own
        under_way.add(task)
        try:
            await tick_once(services, now=services.now(), worker=worker)
        finally:
            under_way.discard(task)

    scheduler = start_clock(tick, interval_seconds=interval)
    try:
        yield
    finally:
        # No new tick; the one under way finishes before the server closes the database it is
        # using (otherwise it fails part-way: its sends stay recorded, its claims lapse). Only
        # then the scheduler is shut down: APScheduler's asyncio executor cancels the jobs
        # still running when it is, which logged the tick's cancellation as an ERROR.
        scheduler.pause()
        if under_way:
            await asyncio.wait(under_way, timeout=TICK_FINISH_SECONDS)
        scheduler.shutdown(wait=False)
