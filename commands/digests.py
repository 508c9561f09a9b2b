"""The weekly digest use cases: subscribe a channel, preview, and post each week exactly once.

Like nudges, a digest is an outbox row, unique per (subscription, ISO week), claimed with a
lease. It covers the 7 days before its scheduled instant, even when sent late; after downtime
only the latest missed week is posted. A crash after Slack accepted the post and before the row
is marked sent can repeat that one digest; nothing is lost.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from commands.digest import Digest, compose_digest
from commands.digest_facts import CaseFacts, PromiseFacts, WeekCount
from commands.digest_week import DigestSchedule, iso_week, latest_due, next_due_after
from commands.outer_loop import outer_loop_week
from commands.people import Team, zone_named
from commands.playbook import PlaybookStep
from commands.ports import Delivered, DeliveryFailed, gives_up, retry_wait
from storage import digests, outbox
from storage.digests import Scope
from storage.engine import Database
from storage.models import DigestPost, DigestSubscription

logger = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
TREND_WEEKS = 8


class DigestPublisher(Protocol):
    async def publish(self, team: Team, channel_id: str, digest: Digest) -> Delivered:
        """Post the digest (message, thread, chart); raise DeliveryFailed on failure."""
        ...

    async def members(self, team: Team, channel_id: str) -> frozenset[str]:
        """The people in a channel now (for members-only digests); DeliveryFailed if unknown."""
        ...


def schedule_of(subscription: DigestSubscription) -> DigestSchedule:
    return DigestSchedule(subscription.weekday, subscription.at, zone_named(subscription.tz))


@dataclass(frozen=True)
class Subscribed:
    subscription: DigestSubscription
    first_post_at: datetime


async def subscribe_channel(
    db: Database, *, workspace_id: int, channel_id: str, schedule: DigestSchedule,
    categories: tuple[str, ...], members_only: bool, by: str, now: datetime,
) -> Subscribed:
    first = next_due_after(schedule, now)
    subscription = await digests.subscribe(
        db, workspace_id=workspace_id, channel_id=channel_id, weekday=schedule.weekday,
        at=schedule.at, tz=schedule.zone.key, categories=list(categories),
        members_only=members_only, by=by, first_post_at=first, now=now)
    return Subscribed(subscription, first)


async def build_digest(
    db: Database, *, scope: Scope, show_names: bool, end: datetime, now: datetime
) -> Digest:
    """The digest of the 7 days before `end`, as it stands at `now`."""
    start = end - timedelta(days=7)
    case_rows = await digests.cases_logged(db, scope=scope, start=start, end=end)
    promise_rows = await digests.promises_due(db, scope=scope, start=start, end=end)
    counts = await digests.weekly_counts(db, scope=scope, end=end, weeks=TREND_WEEKS)
    earlier = await digests.customers_before(db, workspace_id=scope.workspace_id, before=start,
                                             names=[r.case.customer for r in case_rows])
    digest = compose_digest(
        start=start, end=end,
        cases=[_case_facts(r) for r in case_rows],
        promises_due=[_promise_facts(r) for r in promise_rows],
        trend=[WeekCount(end - timedelta(weeks=TREND_WEEKS - i), *c)
               for i, c in enumerate(counts)],
        earlier_customers=earlier, show_names=show_names, now=now,
    )
    return replace(digest, outer_loop=await outer_loop_week(
        db, workspace_id=scope.workspace_id, start=start, end=end))


def _case_facts(row: digests.CaseRow) -> CaseFacts:
    case = row.case
    return CaseFacts(
        case_id=case.id or 0, customer=case.customer, category=case.category,
        anger_level=case.anger_level, logged_at=case.created_at, status=case.status,
        share_consent=case.share_consent, what_happened=case.what_happened,
        problem=case.problem, agreed=case.agreed, lessons=case.lessons,
        outcome=" ".join(row.outcome_notes),
        steps=tuple(PlaybookStep(s) for s in case.deescalation_steps
                    if s in PlaybookStep._value2member_map_),
    )


def _promise_facts(row: digests.PromiseRow) -> PromiseFacts:
    c = row.commitment
    return PromiseFacts(owner_user_id=row.owner_user_id, due_at=c.due_at, status=c.status,
                        done_at=c.done_at, slips=c.slips)


async def scope_of(subscription: DigestSubscription, team: Team,
                   publisher: DigestPublisher) -> Scope:
    """The cases a subscription's digest speaks of; members-only asks the platform who's in."""
    people = (await publisher.members(team, subscription.channel_id)
              if subscription.members_only else None)
    return Scope(workspace_id=subscription.workspace_id,
                 categories=tuple(subscription.categories), people=people)


def plan_post(subscription: DigestSubscription, *, now: datetime) -> tuple[
        datetime | None, datetime, str]:
    """The latest missed digest instant (posted, however late), the next one, its ISO week."""
    schedule = schedule_of(subscription)
    fire_at = latest_due(schedule, now)
    return fire_at, next_due_after(schedule, now), iso_week(fire_at, schedule.zone)


@dataclass
class DigestReport:
    planned: int = 0
    posted: int = 0
    retried: int = 0
    dead: int = 0


async def run_due_digests(
    db: Database, publisher: DigestPublisher, *, now: datetime, worker: str
) -> DigestReport:
    report = DigestReport()
    report.planned = await digests.plan_due_digests(
        db, now=now, planner=lambda s: plan_post(s, now=now))
    while claims := await digests.claim_due_digests(db, now=now, owner=worker, lease=LEASE,
                                                    batch=10):
        for claim in claims:
            await _post_one(db, publisher, claim, now=now, worker=worker, report=report)
    return report


async def _post_one(
    db: Database, publisher: DigestPublisher, claim: outbox.Claim, *, now: datetime,
    worker: str, report: DigestReport,
) -> None:
    context = await digests.post_context(db, post_id=claim.row_id)
    if not context.subscription.active:
        await outbox.finish_without_sending(db, model=DigestPost, claim=claim, owner=worker,
                                            status=outbox.CANCELLED, reason="unsubscribed")
        return
    team = Team(context.workspace.platform, context.workspace.external_id)
    try:
        scope = await scope_of(context.subscription, team, publisher)
        digest = await build_digest(db, scope=scope,
                                    show_names=context.workspace.digest_show_names,
                                    end=context.post.fire_at, now=now)
        delivered = await publisher.publish(team, context.subscription.channel_id, digest)
    except DeliveryFailed as failure:
        await _failed(db, claim, failure, now=now, worker=worker, report=report)
        return
    await outbox.mark_sent(db, model=DigestPost, claim=claim, owner=worker,
                           channel_id=delivered.channel_id, message_ts=delivered.message_ts,
                           now=now)
    report.posted += 1


async def _failed(db: Database, claim: outbox.Claim, failure: DeliveryFailed, *,
                  now: datetime, worker: str, report: DigestReport) -> None:
    logger.warning("digest %s not posted: %s", claim.row_id, failure.reason)
    if failure.permanent:
        await outbox.finish_without_sending(db, model=DigestPost, claim=claim, owner=worker,
                                            status=outbox.DEAD, reason=failure.reason)
        report.dead += 1
        return
    await outbox.release_for_retry(db, model=DigestPost, claim=claim, owner=worker,
                                   retry_at=now + retry_wait(claim.attempt, failure),
                                   error=failure.reason,
                                   outcome_unknown=failure.maybe_delivered,
                                   give_up=gives_up(claim.attempt, failure),
                                   count_attempt=failure.retry_after is None)
    report.retried += 1
