"""`angrycall digest --channel C --week 2026-W48 [--post]`: an operator's view of a digest, for a
Slack or a Teams channel (each posted by its platform's publisher, as the tick does)."""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime

from bot.clock import worker_name
from bot.config import ConfigurationError, Settings
from bot.database import prepare_database
from bot.digest_plain_text import digest_as_text
from bot.services import Services
from bot.slack.http_session import slack_http_session
from bot.ticking import outbound, team_clients
from commands.digest_delivery import (
    DigestPublisher,
    build_digest,
    run_due_digests,
    schedule_of,
    scope_of,
)
from commands.digest_week import counted_days, post_instant_in_week
from commands.people import Team, zone_named
from storage import digests
from storage.engine import Database, make_engine
from storage.models import DigestSubscription
from storage.workspaces import get_workspace

ISO_WEEK = re.compile(r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$")


async def print_or_post_digest(settings: Settings, *, channel_id: str, week: str,
                               post: bool) -> int:
    if not ISO_WEEK.match(week):
        raise ConfigurationError(f"--week must look like 2026-W48, not {week!r}")
    services = Services(settings=settings, db=Database(make_engine(settings.database_url)))
    try:
        await prepare_database(services.db)
        return await _run(services, channel_id, week, post)
    finally:
        services.db.dispose()


async def _run(services: Services, channel_id: str, week: str, post: bool) -> int:
    subscription = await digests.subscription_for_channel(services.db, channel_id=channel_id)
    if subscription is None or subscription.id is None:
        raise ConfigurationError(f"{channel_id} is not subscribed: run "
                                 "`/angrycall digest here` in that channel first")
    fire_at = post_instant_in_week(schedule_of(subscription), week)
    await _refuse_a_week_before_the_workspace(services, subscription, week, fire_at)
    now = datetime.now(UTC)
    async with slack_http_session() as session:
        _messenger, publisher = outbound(services, team_clients(services, session))
        if not post:
            await _print(services, subscription, publisher, fire_at, min(now, fire_at))
            return 0
        row = await digests.ensure_post_due_now(services.db, subscription_id=subscription.id,
                                                week=week, fire_at=fire_at, now=now)
        if row.status == "sent":
            sys.stdout.write(f"The digest of {week} was already posted to {channel_id}.\n")
            return 0
        report = await run_due_digests(services.db, publisher, now=now, worker=worker_name())
    sys.stdout.write(f"Posted {report.posted} digest(s).\n")
    return 0 if report.posted else 1


async def _refuse_a_week_before_the_workspace(services: Services,
                                              subscription: DigestSubscription, week: str,
                                              fire_at: datetime) -> None:
    workspace = await get_workspace(services.db, workspace_id=subscription.workspace_id)
    zone = zone_named(subscription.tz)
    if counted_days(fire_at, zone, workspace.created_at).counts_nothing:
        raise ConfigurationError(
            f"{week} ended before angrycall started in this workspace "
            f"({workspace.created_at.astimezone(zone):%d %b %Y}): it has no day to count")


async def _print(services: Services, subscription: DigestSubscription,
                 publisher: DigestPublisher, end: datetime, now: datetime) -> None:
    workspace = await get_workspace(services.db, workspace_id=subscription.workspace_id)
    team = Team(workspace.platform, workspace.external_id)
    week = counted_days(end, zone_named(subscription.tz), workspace.created_at)
    digest = await build_digest(services.db, scope=await scope_of(subscription, team, publisher),
                                workspace=workspace, week=week, now=now)
    sys.stdout.write(digest_as_text(digest))
