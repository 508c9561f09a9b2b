"""Private weekly notes, opt-in: each Monday 09:00 UTC, everyone who asked gets their note of
the 7 days before by DM (a lead's also covers the team, per person). One outbox row per person
and ISO week, claimed with a lease like every outbox row: sent once, retried, never lost."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from typing import Protocol

from commands.people import Team
from commands.ports import Delivered, DeliveryFailed, gives_up, retry_wait
from commands.weekly_note import PersonNote, person_note
from storage import outbox, weekly_notes
from storage.engine import Database
from storage.outbox import Claim
from storage.theme_models import WeeklyNote
from storage.workspaces import find_workspace

logger = logging.getLogger(__name__)
LEASE = timedelta(minutes=2)
SEND_AT = time(9, 0)  # Monday, UTC


class WeeklyNoteSender(Protocol):
    async def send_weekly_note(self, team: Team, user_id: str, mine: PersonNote,
                               team_notes: Sequence[PersonNote] | None) -> Delivered:
        """DM the note; raise DeliveryFailed when the platform refuses or fails."""
        ...


async def want_weekly_note(db: Database, *, team: Team, user_id: str, wanted: bool,
                           now: datetime) -> str:
    workspace = await find_workspace(db, platform=team.platform, external_id=team.external_id)
    if workspace is None or workspace.id is None:
        return "Log a case first: the note is about your cases and promises."
    await weekly_notes.set_weekly_note(db, workspace_id=workspace.id, user_id=user_id,
                                       wanted=wanted, now=now)
    return ("You will get your private weekly note every Monday." if wanted else
            "No more weekly notes.")


def week_start(now: datetime) -> datetime:
    """This ISO week's Monday at SEND_AT, UTC."""
    day = now.astimezone(UTC).date()
    return datetime.combine(day - timedelta(days=day.weekday()), SEND_AT, UTC)


async def run_due_weekly_notes(db: Database, sender: WeeklyNoteSender, *, now: datetime,
                               worker: str) -> int:
    fire_at = week_start(now)
    if now >= fire_at:
        year, week, _ = fire_at.isocalendar()
        await weekly_notes.plan_weekly_notes(db, iso_week=f"{year}-W{week:02d}",
                                             fire_at=fire_at, now=now)
    sent = 0
    while claims := await weekly_notes.claim_due_weekly_notes(db, now=now, owner=worker,
                                                              lease=LEASE, batch=50):
        for claim in claims:
            sent += await _deliver(db, sender, claim, now=now, worker=worker)
    return sent


async def _deliver(db: Database, sender: WeeklyNoteSender, claim: Claim, *, now: datetime,
                   worker: str) -> int:
    context = await weekly_notes.note_context(db, row_id=claim.row_id)
    if context is None:
        await outbox.finish_without_sending(db, model=WeeklyNote, claim=claim, owner=worker,
                                            status=outbox.CANCELLED, reason="opted out")
        return 0
    mine, team = await _notes(db, context)
    workspace = context.workspace
    try:
        delivered = await sender.send_weekly_note(Team(workspace.platform, workspace.external_id),
                                                  context.user_id, mine, team)
    except DeliveryFailed as failure:
        await _failed(db, claim, failure, now=now, worker=worker)
        return 0
    await outbox.mark_sent(db, model=WeeklyNote, claim=claim, owner=worker,
                           channel_id=delivered.channel_id, message_ts=delivered.message_ts,
                           now=now)
    return 1


async def _notes(db: Database, context: weekly_notes.NoteContext) -> tuple[
        PersonNote, list[PersonNote] | None]:
    """The person's note of the 7 days before the row's instant; a lead's team's too."""
    end = context.row.fire_at

    async def week_of(users: list[str] | None) -> list[weekly_notes.PersonWeek]:
        return await weekly_notes.person_weeks(db, workspace_id=context.workspace.id or 0,
                                               user_ids=users, start=end - timedelta(days=7),
                                               end=end)

    [mine] = await week_of([context.user_id])
    if context.user_id not in context.workspace.lead_user_ids:
        return person_note(mine), None
    return person_note(mine), [person_note(p) for p in await week_of(None)
                               if p.user_id != context.user_id]


async def _failed(db: Database, claim: Claim, failure: DeliveryFailed, *, now: datetime,
                  worker: str) -> None:
    logger.warning("weekly note %s not sent: %s", claim.row_id, failure.reason)
    if failure.permanent:
        await outbox.finish_without_sending(db, model=WeeklyNote, claim=claim, owner=worker,
                                            status=outbox.DEAD, reason=failure.reason)
        return
    await outbox.release_for_retry(
        db, model=WeeklyNote, claim=claim, owner=worker,
        retry_at=now + retry_wait(claim.attempt, failure), error=failure.reason,
        outcome_unknown=failure.maybe_delivered, give_up=gives_up(claim.attempt, failure),
        count_attempt=failure.retry_after is None)
