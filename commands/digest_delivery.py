"""The weekly digest use cases: subscribe a channel, preview, and post each week exactly once.

Like nudges, a digest is an outbox row, unique per (subscription, ISO week counted), claimed
with a lease. It counts the 7 whole local days before the day it is due (none before the
workspace started), even when sent late; after downtime only the latest missed week is
posted. A crash after Slack accepted the post and before the row is marked sent can repeat
that one digest; nothing is lost.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from commands.case_lifecycle import CaseOutcome
from commands.digest_composition import Digest, DigestFacts, Week, compose_digest
from commands.digest_facts import CaseFacts, PromiseFacts, WeekCount
from commands.digest_week import (
    WEEK,
    DigestSchedule,
    counted_days,
    counted_week_label,
    latest_due,
    next_due_after,
)
from commands.leases import heartbeat, lost_too_often
from commands.outer_loop import outer_loop_week
from commands.people import Team, zone_named
from commands.playbook import playbook_of
from commands.ports import Delivered, DeliveryFailed, gives_up, retry_wait
from storage import digests, outbox
from storage.digests import Scope
from storage.engine import Database
from storage.models import DigestPost, DigestSubscription, Workspace

logger = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
TREND_WEEKS = 8
FOCUS_LOOKBACK = timedelta(weeks=4)  # earlier weeks the coaching focus looks at


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


async def build_digest(db: Database, *, scope: Scope, workspace: Workspace, week: Week,
                       now: datetime) -> Digest:
    """The digest of the days `week` counts, as it stands at `now`."""
    case_rows = await digests.cases_logged(db, scope=scope, start=week.start - FOCUS_LOOKBACK,
                                           end=week.end)
    cases = [_case_facts(r) for r in case_rows]
    this_week = [c for c in cases if c.logged_at >= week.start]
    promise_rows = await digests.promises_due(db, scope=scope, start=week.start, end=week.end,
                                              overdue_at=now)
    counts = await digests.weekly_counts(db, scope=scope, end=week.end, weeks=TREND_WEEKS)
    facts = DigestFacts(
        cases=this_week,
        promises=[_promise_facts(r) for r in promise_rows],
        renegotiations=await digests.renegotiations(db, scope=scope, start=week.start,
                                                    end=week.end),
        trend=[WeekCount(week.end - (TREND_WEEKS - i) * WEEK, *c)
               for i, c in enumerate(counts)],
        earlier_weeks=_by_week(cases, week.start),
        earlier_customers=await digests.customers_before(
            db, workspace_id=scope.workspace_id, before=week.start,
            names=[c.customer for c in this_week]),
        first_case_at=await digests.first_case_at(db, scope=scope),
        colleagues=await digests.colleague_names(db, workspace_id=scope.workspace_id),
        unanswered=await digests.unanswered_promises(db, scope=scope),
    )
    digest = compose_digest(week, facts, show_names=workspace.digest_show_names, now=now,
                            playbook=playbook_of(workspace.custom_steps, workspace.retired_steps,
                                                 workspace.playbook_since))
    return replace(digest, outer_loop=await outer_loop_week(
        db, workspace_id=scope.workspace_id, start=week.start, end=week.end))


def _by_week(cases: list[CaseFacts], start: datetime) -> list[list[CaseFacts]]:
    """The cases of each of the weeks before `start`, oldest first (for the coaching focus)."""
    weeks = int(FOCUS_LOOKBACK / WEEK)
    return [[c for c in cases if start - (weeks - i) * WEEK <= c.logged_at
             < start - (weeks - i - 1) * WEEK] for i in range(weeks)]


def _case_facts(row: digests.CaseRow) -> CaseFacts:
    case = row.case
    return CaseFacts(
        case_id=case.id or 0, customer=case.customer, category=case.category,
        anger_level=case.anger_level, logged_at=case.created_at, status=case.status,
        share_consent=case.share_consent, what_happened=case.what_happened,
        problem=case.problem, agreed=case.agreed, lessons=case.lessons,
        outcome=" ".join([*_closing(case.outcome), *row.outcome_notes]),
        steps=tuple(case.deescalation_steps),
    )


def _closing(outcome: str | None) -> list[str]:
    """How the case was closed, when someone chose (a case closed by its last Done did not)."""
    return [f"{CaseOutcome(outcome).label}."] if outcome in set(CaseOutcome) else []


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
    """The latest missed digest instant (posted, however late), the next one, the ISO week
    it counts."""
    schedule = schedule_of(subscription)
    fire_at = latest_due(schedule, now)
    return fire_at, next_due_after(schedule, now), counted_week_label(fire_at, schedule.zone)


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
    while True:
        claimed_at = time.monotonic()
        claims = await digests.claim_due_digests(db, now=now, owner=worker, lease=LEASE,
                                                 batch=10)
        if not claims:
            return report
        async with heartbeat(db, claims, model=DigestPost, owner=worker, lease=LEASE,
                             claimed_at=claimed_at) as held:
            for claim in claims:
                if held.still_ours(claim):
                    await _post_one(db, publisher, claim, now=now, worker=worker, report=report)
                held.finish(claim)


async def _post_one(
    db: Database, publisher: DigestPublisher, claim: outbox.Claim, *, now: datetime,
    worker: str, report: DigestReport,
) -> None:
    context = await digests.post_context(db, post_id=claim.row_id)
    week = counted_days(context.post.fire_at, zone_named(context.subscription.tz),
                        context.workspace.created_at)
    if (closing := _not_to_post(context, claim, week)) is not None:
        status, reason = closing
        await outbox.finish_without_sending(db, model=DigestPost, claim=claim, owner=worker,
                                            status=status, reason=reason)
        if status == outbox.DEAD:
            report.dead += 1
        return
    team = Team(context.workspace.platform, context.workspace.external_id)
    try:
        scope = await scope_of(context.subscription, team, publisher)
        digest = await build_digest(db, scope=scope, workspace=context.workspace, week=week,
                                    now=now)
        delivered = await publisher.publish(team, context.subscription.channel_id, digest)
    except DeliveryFailed as failure:
        await _failed(db, claim, failure, now=now, worker=worker, report=report)
        return
    await outbox.mark_sent(db, model=DigestPost, claim=claim, owner=worker,
                           channel_id=delivered.channel_id, message_ts=delivered.message_ts,
                           now=now)
    report.posted += 1


def _not_to_post(context: digests.PostContext, claim: outbox.Claim,
                 week: Week) -> tuple[str, str] | None:
    """The status and reason a claimed digest is closed with instead of posted, if it is."""
    if not context.subscription.active:
        return outbox.CANCELLED, "unsubscribed"
    if week.counts_nothing:
        # Installed on a Monday before the digest's hour: last week has no day of ours. An
        # empty digest titled "30 Nov to 29 Nov" would be all the team saw; the next one counts.
        return outbox.CANCELLED, "the workspace started after the week it counts"
    if (reason := lost_too_often(claim)) is not None:
        return outbox.DEAD, reason
    return None


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
