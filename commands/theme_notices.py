"""Sending theme notices: the owning channel's post when a theme is raised, the reason to whoever
raised a declined theme, the "tell them" note to each case's teller when it is fixed. Outbox
rows written with the move (storage.themes), sent right after the request that moved the theme
and by every tick: claimed with a lease, sent once, retried, never lost."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from commands.people import Team
from commands.ports import Delivered, DeliveryFailed, gives_up, retry_wait
from commands.theme_views import ThemeCaseLine, ThemeView, theme_view
from storage import outbox, theme_notices
from storage.engine import Database
from storage.outbox import Claim
from storage.theme_models import ThemeNotice

logger = logging.getLogger(__name__)
LEASE = timedelta(minutes=2)


@dataclass(frozen=True)
class ThemeNoticeMessage:
    kind: str  # raised | declined | tell
    team: Team
    recipient: str  # the channel (raised) or the person
    theme: ThemeView
    line: ThemeCaseLine | None  # the case to tell about (tell)


class ThemeNoticeSender(Protocol):
    async def send_theme_notice(self, notice: ThemeNoticeMessage) -> Delivered:
        """Deliver it; raise DeliveryFailed when the platform refuses or fails."""
        ...


async def run_due_theme_notices(db: Database, sender: ThemeNoticeSender, *, now: datetime,
                                worker: str) -> int:
    sent = 0
    while claims := await theme_notices.claim_due_theme_notices(db, now=now, owner=worker,
                                                                lease=LEASE, batch=50):
        for claim in claims:
            sent += await _deliver(db, sender, claim, now=now, worker=worker)
    return sent


async def _deliver(db: Database, sender: ThemeNoticeSender, claim: Claim, *, now: datetime,
                   worker: str) -> int:
    record = await theme_notices.load_notice(db, row_id=claim.row_id)
    workspace = record.workspace
    view = theme_view(record.theme, show_names=workspace.digest_show_names)
    line = next((c for c in view.cases if c.case_id == record.row.case_id), None)
    if record.row.kind == "tell" and line is None:  # the case left the theme since
        await outbox.finish_without_sending(db, model=ThemeNotice, claim=claim, owner=worker,
                                            status=outbox.CANCELLED, reason="case unlinked")
        return 0
    message = ThemeNoticeMessage(kind=record.row.kind,
                                 team=Team(workspace.platform, workspace.external_id),
                                 recipient=record.row.recipient, theme=view, line=line)
    try:
        delivered = await sender.send_theme_notice(message)
    except DeliveryFailed as failure:
        await _failed(db, claim, failure, now=now, worker=worker)
        return 0
    await outbox.mark_sent(db, model=ThemeNotice, claim=claim, owner=worker,
                           channel_id=delivered.channel_id, message_ts=delivered.message_ts,
                           now=now)
    return 1


async def _failed(db: Database, claim: Claim, failure: DeliveryFailed, *, now: datetime,
                  worker: str) -> None:
    logger.warning("theme notice %s not sent: %s", claim.row_id, failure.reason)
    if failure.permanent:
        await outbox.finish_without_sending(db, model=ThemeNotice, claim=claim, owner=worker,
                                            status=outbox.DEAD, reason=failure.reason)
        return
    await outbox.release_for_retry(
        db, model=ThemeNotice, claim=claim, owner=worker,
        retry_at=now + retry_wait(claim.attempt, failure), error=failure.reason,
        outcome_unknown=failure.maybe_delivered, give_up=gives_up(claim.attempt, failure),
        count_attempt=failure.retry_after is None)
