"""A theme's fix date is a promise too: its owner is reminded on the day and the day after,
and the leads are told when it is `escalate_after_days` late. The rows go through the same
outbox as the promises' nudges (planned once, claimed with a lease, sent once); a row whose
theme has moved on (fixed, declined, another date) is cancelled when claimed."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Protocol

from commands.people import Team, zone_named
from commands.ports import Delivered, DeliveryFailed, gives_up, retry_wait
from commands.theme_views import ThemeState, ThemeView, theme_view
from storage import outbox, theme_reminders
from storage.engine import Database
from storage.outbox import Claim
from storage.theme_models import ThemeNudge
from storage.theme_reminders import PlannedReminder, ReminderRecord
from storage.workspaces import get_workspace

logger = logging.getLogger(__name__)
LEASE = timedelta(minutes=2)
BATCH = 50


class ReminderKind(StrEnum):
    DUE = "due"
    OVERDUE = "overdue"
    ESCALATION = "escalation"


@dataclass(frozen=True)
class ThemeReminder:
    reminder_id: int
    kind: ReminderKind
    team: Team
    recipient_user_id: str
    theme: ThemeView


class ThemeReminderSender(Protocol):
    async def send_theme_reminder(self, reminder: ThemeReminder) -> Delivered:
        """Deliver it; raise DeliveryFailed when the platform refuses or fails."""
        ...


def fix_date_reminders(*, fix_date: date, zone_name: str | None, work_start: time,
                       escalate_after_days: int, owner: str,
                       leads: Sequence[str]) -> list[PlannedReminder]:
    """When each reminder fires: the start of the owner's working day, on the fix date, the day
    after, and `escalate_after_days` days after (to each lead). Calendar days."""
    zone = zone_named(zone_name)

    def at(day: date) -> datetime:
        return datetime.combine(day, work_start, zone).astimezone(UTC)

    late = fix_date + timedelta(days=max(escalate_after_days, 1))
    return [PlannedReminder(ReminderKind.DUE.value, at(fix_date), owner),
            PlannedReminder(ReminderKind.OVERDUE.value, at(fix_date + timedelta(days=1)), owner),
            *(PlannedReminder(ReminderKind.ESCALATION.value, at(late), lead) for lead in leads)]


async def plan_fix_reminders(db: Database, *, view: ThemeView, now: datetime) -> int:
    """Put the reminders of a planned theme's fix date in the outbox."""
    if view.fix_date is None or view.owner_user_id is None:
        return 0
    record = await theme_reminders.load_theme(db, theme_id=view.theme_id)
    workspace = await get_workspace(db, workspace_id=record.theme.workspace_id)
    zone = await theme_reminders.zone_of(db, workspace_id=record.theme.workspace_id,
                                         user_id=view.owner_user_id)
    planned = fix_date_reminders(
        fix_date=view.fix_date, zone_name=zone, work_start=workspace.work_start,
        escalate_after_days=workspace.escalate_after_days, owner=view.owner_user_id,
        leads=[lead for lead in workspace.lead_user_ids if lead != view.owner_user_id])
    return await theme_reminders.plan_theme_reminders(
        db, theme_id=view.theme_id, fix_date=view.fix_date, reminders=planned, now=now)


async def run_due_theme_reminders(db: Database, sender: ThemeReminderSender, *,
                                  now: datetime, worker: str) -> int:
    """Send every due reminder once; returns how many were sent."""
    sent = 0
    while claims := await theme_reminders.claim_due_theme_reminders(
            db, now=now, owner=worker, lease=LEASE, batch=BATCH):
        for claim in claims:
            sent += await _deliver(db, sender, claim, now=now, worker=worker)
    return sent


async def _deliver(db: Database, sender: ThemeReminderSender, claim: Claim, *, now: datetime,
                   worker: str) -> int:
    record = await theme_reminders.load_reminder(db, row_id=claim.row_id)
    theme = record.theme.theme
    if theme.state != ThemeState.PLANNED or theme.fix_date != record.row.fix_date:
        await outbox.finish_without_sending(db, model=ThemeNudge, claim=claim, owner=worker,
                                            status=outbox.CANCELLED, reason="superseded")
        return 0
    try:
        delivered = await sender.send_theme_reminder(_message(record, claim))
    except DeliveryFailed as failure:
        await _failed(db, claim, failure, now=now, worker=worker)
        return 0
    await outbox.mark_sent(db, model=ThemeNudge, claim=claim, owner=worker,
                           channel_id=delivered.channel_id, message_ts=delivered.message_ts,
                           now=now)
    return 1


def _message(record: ReminderRecord, claim: Claim) -> ThemeReminder:
    workspace = record.workspace
    return ThemeReminder(
        reminder_id=claim.row_id, kind=ReminderKind(record.row.kind),
        team=Team(workspace.platform, workspace.external_id),
        recipient_user_id=record.recipient_user_id,
        theme=theme_view(record.theme, show_names=workspace.digest_show_names))


async def _failed(db: Database, claim: Claim, failure: DeliveryFailed, *, now: datetime,
                  worker: str) -> None:
    logger.warning("theme reminder %s not sent: %s", claim.row_id, failure.reason)
    if failure.permanent:
        await outbox.finish_without_sending(db, model=ThemeNudge, claim=claim, owner=worker,
                                            status=outbox.DEAD, reason=failure.reason)
        return
    await outbox.release_for_retry(
        db, model=ThemeNudge, claim=claim, owner=worker,
        retry_at=now + retry_wait(claim.attempt, failure), error=failure.reason,
        outcome_unknown=failure.maybe_delivered, give_up=gives_up(claim.attempt, failure),
        count_attempt=failure.retry_after is None)
