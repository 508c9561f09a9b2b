"""Keep the promise: plan each open commitment's nudges, then deliver the due ones exactly once.

`run_due` is the single entry point of both clocks (`angrycall tick --at` and the in-process
scheduler). It is safe to run concurrently from many processes: planning inserts rows keyed by
(commitment, kind, instant, due version, recipient) and claiming takes disjoint rows with a
lease. A crash after the platform accepted a message but before the row is marked sent can
repeat that one message when the lease expires; nothing is ever lost.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from commands.delivery_recording import DeliveryRecorder
from commands.leases import HeldClaims, heartbeat, lost_too_often
from commands.people import Team, zone_named
from commands.ports import (
    Delivered,
    DeliveryFailed,
    Messenger,
    NudgeMessage,
    UndeliverableNotice,
    gives_up,
    retry_wait,
)
from commands.schedule import (
    LEAD_KINDS,
    OWNER_KINDS,
    NudgeKind,
    NudgePolicy,
    Promise,
    WorkingHours,
    plan,
    working_days_overdue,
)
from storage import nudges, outbox
from storage.engine import Database
from storage.models import Nudge, Workspace
from storage.nudges import (
    NudgeRecord,
    NudgeWorkspace,
    PlanInput,
    PlannedRow,
    PlanOutput,
    holidays_of,
)
from storage.outbox import Claim

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
CLAIM_BATCH = 50
PLAN_BATCH = 200
CONCURRENT_SENDS = 8


@dataclass
class DispatchReport:
    planned_commitments: int = 0
    sent: int = 0
    retried: int = 0
    cancelled: int = 0
    dead: int = 0
    lost_leases: int = 0
    digests_posted: int = 0
    errors: list[str] = field(default_factory=list)


async def run_due(
    db: Database, messenger: Messenger, *, now: datetime, worker: str,
    lease: timedelta = LEASE, report: DispatchReport | None = None,
) -> DispatchReport:
    """Plan what has come due, then send every due nudge; returns what happened (also kept in
    `report` as it happens, for a caller that must tell what was done before a failure)."""
    report = DispatchReport() if report is None else report
    report.planned_commitments = await plan_nudges(db, now=now)
    dispatch = _Dispatch(db, messenger, now, worker, report,
                         DeliveryRecorder(db, model=Nudge, owner=worker, now=now,
                                          senders=CONCURRENT_SENDS))
    while True:
        claimed_at = time.monotonic()
        claims = await nudges.claim_due_nudges(db, now=now, owner=worker, lease=lease,
                                               batch=CLAIM_BATCH)
        if not claims:
            return report
        async with heartbeat(db, claims, model=Nudge, owner=worker, lease=lease,
                             claimed_at=claimed_at) as held:
            await _deliver_batch(dispatch, held)


@dataclass(frozen=True)
class _Dispatch:
    """What every delivery of one run shares."""

    db: Database
    messenger: Messenger
    now: datetime
    worker: str
    report: DispatchReport
    recorder: DeliveryRecorder


async def _deliver_batch(dispatch: _Dispatch, held: HeldClaims) -> None:
    loaded = await nudges.load_nudges(dispatch.db,
                                      nudge_ids=[claim.nudge_id for claim in held.claims])
    records = {record.nudge_id: record for record in loaded}
    workspaces = {record.workspace_id: record.workspace for record in loaded}
    hours = {key: working_hours_of(workspace) for key, workspace in workspaces.items()}
    report = dispatch.report
    limit, halted = asyncio.Semaphore(CONCURRENT_SENDS), asyncio.Event()

    async def deliver(claim: Claim) -> None:
        async with limit:
            # Once recording an outcome failed (the database went away), send nothing more:
            # a message that can't be marked sent goes out again when its lease expires, so
            # only the sends already in flight may repeat (DESIGN.md's duplicate window).
            # Nor a row another dispatcher took over (this one paused longer than the lease).
            if not held.still_ours(claim):
                report.lost_leases += 1
                return
            if halted.is_set():
                return
            try:
                record = records[claim.nudge_id]
                await _deliver(dispatch, claim, record, hours[record.workspace_id])
            except Exception:
                halted.set()
                raise
            finally:
                held.finish(claim)

    await _all_then_first_failure([deliver(claim) for claim in held.claims])


async def _all_then_first_failure(sends: list[Coroutine[Any, Any, None]]) -> None:
    """Await every send to its end (none left running unobserved), then raise the first error."""
    results = await asyncio.gather(*sends, return_exceptions=True)
    if failures := [result for result in results if isinstance(result, BaseException)]:
        raise failures[0]


async def plan_nudges(db: Database, *, now: datetime) -> int:
    """Write the outbox rows of every commitment whose next nudge instant has come."""
    total = 0
    while True:
        done = await nudges.plan_due_commitments(
            db, now=now, batch=PLAN_BATCH, planner=partial(plan_commitment, now=now)
        )
        total += done
        if done < PLAN_BATCH:
            return total


def plan_commitment(item: PlanInput, *, now: datetime) -> PlanOutput:
    """The pure decision: which nudges fell due since the last planning, and when to look again."""
    policy = NudgePolicy(
        hours=WorkingHours(days=frozenset(item.work_days), start=item.work_start,
                           end=item.work_end, holidays=frozenset(item.holidays)),
        escalate_after_working_days=item.escalate_after_days,
        pre_due_working_days=item.pre_due_days,
        due_lead=timedelta(hours=item.due_lead_hours),
    )
    promise = Promise(due_at=item.due_at, has_time=item.has_time, zone=zone_named(item.owner_tz),
                      quiet_until=item.snoozed_until)
    result = plan(promise, policy, since=item.planned_until, now=now)
    rows: list[PlannedRow] = []
    for nudge in result.due_now:
        kind = nudge.kind
        if kind is NudgeKind.ESCALATED and not item.lead_person_ids:
            kind = NudgeKind.OVERDUE  # no lead to escalate to: say nothing of one
        recipients = item.lead_person_ids if kind in LEAD_KINDS else (item.owner_person_id,)
        rows.extend(PlannedRow(kind.value, nudge.at, person) for person in recipients)
    return PlanOutput(rows=tuple(rows), next_at=result.next_at)


async def _deliver(
    dispatch: _Dispatch, claim: Claim, record: NudgeRecord, hours: WorkingHours
) -> None:
    db, worker, report = dispatch.db, dispatch.worker, dispatch.report
    if (reason := stale_reason(record)) is not None:
        await outbox.finish_without_sending(db, claim=claim, owner=worker,
                                            status=outbox.CANCELLED, reason=reason)
        report.cancelled += 1
        return
    if (reason := lost_too_often(claim)) is not None:
        await _give_up(db, dispatch.messenger, claim, record, reason, worker, report)
        return
    try:
        delivered = await dispatch.messenger.send_nudge(nudge_message(record, hours))
    except DeliveryFailed as failure:
        await _record_failure(db, dispatch.messenger, claim, record, failure, dispatch.now,
                              worker, report)
        return
    await _record_delivery(dispatch, claim, delivered)


def stale_reason(record: NudgeRecord) -> str | None:
    """Why this nudge must not go out any more, re-checked under the lease just before sending."""
    if record.commitment_status != "open":
        return f"commitment is {record.commitment_status}"
    if record.due_version != record.commitment_due_version:
        return "superseded by a new due date or owner"
    if NudgeKind(record.kind) in OWNER_KINDS and record.recipient_id != record.owner_id:
        return "the commitment has a new owner"
    if NudgeKind(record.kind) in OWNER_KINDS and record.acceptance == "declined":
        return "the owner declined it; the reporter decides what happens next"
    return None


def nudge_message(record: NudgeRecord, hours: WorkingHours) -> NudgeMessage:
    zone = zone_named(record.recipient_tz or record.due_zone)
    return NudgeMessage(
        nudge_id=record.nudge_id,
        kind=NudgeKind(record.kind),
        team=Team(record.workspace.platform, record.workspace.external_id),
        recipient_user_id=record.recipient_user_id,
        owner_user_id=record.owner_user_id,
        reporter_user_id=record.reporter_user_id,
        case_id=record.case_id,
        commitment_id=record.commitment_id,
        customer=record.customer,
        promise=record.promise,
        due_at=record.due_at,
        has_time=record.due_time is not None,
        zone_name=zone.key,
        overdue_working_days=_overdue_days(record, zone, hours),
        owner_zone_name=zone_named(record.owner_tz or record.due_zone).key,
        fire_at=record.fire_at,
    )


def _overdue_days(record: NudgeRecord, zone: ZoneInfo, hours: WorkingHours) -> int:
    due_day = record.due_at.astimezone(zone).date()
    fire_day = record.fire_at.astimezone(zone).date()
    return working_days_overdue(due_day, fire_day, hours)


def working_hours(workspace: Workspace) -> WorkingHours:
    """A workspace's working days, hours and dates off, as the schedule reads them."""
    return WorkingHours(days=frozenset(workspace.work_days), start=workspace.work_start,
                        end=workspace.work_end, holidays=frozenset(holidays_of(workspace)))


def working_hours_of(workspace: NudgeWorkspace) -> WorkingHours:
    """The same, from the settings read with a batch of nudges (once per workspace)."""
    return WorkingHours(days=frozenset(workspace.work_days), start=workspace.work_start,
                        end=workspace.work_end, holidays=frozenset(workspace.holidays))


async def _record_delivery(dispatch: _Dispatch, claim: Claim, delivered: Delivered) -> None:
    if await dispatch.recorder.mark_sent(claim, channel_id=delivered.channel_id,
                                         message_ts=delivered.message_ts):
        dispatch.report.sent += 1
    else:
        dispatch.report.lost_leases += 1
        logger.warning("nudge %s was sent but its lease had been taken over", claim.nudge_id)


async def _record_failure(
    db: Database,
    messenger: Messenger,
    claim: Claim,
    record: NudgeRecord,
    failure: DeliveryFailed,
    now: datetime,
    worker: str,
    report: DispatchReport,
) -> None:
    report.errors.append(failure.reason)
    if failure.permanent:
        await _give_up(db, messenger, claim, record, failure.reason, worker, report)
        return
    give_up = gives_up(claim.attempt, failure)
    await outbox.release_for_retry(
        db, claim=claim, owner=worker, retry_at=now + retry_wait(claim.attempt, failure),
        error=failure.reason, outcome_unknown=failure.maybe_delivered, give_up=give_up,
        count_attempt=failure.retry_after is None,
    )
    if give_up:
        report.dead += 1
        await _tell_reporter(messenger, record, failure.reason)
    else:
        report.retried += 1


async def _give_up(
    db: Database, messenger: Messenger, claim: Claim, record: NudgeRecord, reason: str,
    worker: str, report: DispatchReport,
) -> None:
    """Dead: never tried again, and the reporter hears of it."""
    await outbox.finish_without_sending(db, claim=claim, owner=worker, status=outbox.DEAD,
                                        reason=reason)
    report.dead += 1
    await _tell_reporter(messenger, record, reason)


async def _tell_reporter(messenger: Messenger, record: NudgeRecord, reason: str) -> None:
    await messenger.report_undeliverable(
        UndeliverableNotice(
            team=Team(record.workspace.platform, record.workspace.external_id),
            reporter_user_id=record.reporter_user_id,
            recipient_user_id=record.recipient_user_id,
            customer=record.customer,
            promise=record.promise,
            due_at=record.due_at,
            zone_name=zone_named(record.reporter_tz or record.due_zone).key,
            reason=reason,
        )
    )
