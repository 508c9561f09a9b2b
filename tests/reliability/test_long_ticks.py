"""A tick that runs longer than the lease, with another replica ticking beside it.

The lease is real time: taken from the moment of each claim (the database's clock), kept alive
while the batch is being sent, whatever instant the tick is "at". A replica whose clock says
later must not take over rows that are still being sent. Rows whose sender keeps dying are
reclaimed a few times, then given up (dead) and the reporter is told.
"""

from __future__ import annotations

import asyncio
import time as monotonic_clock
from collections import Counter
from dataclasses import dataclass, field
from datetime import time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from commands.digest_composition import Digest
from commands.digest_delivery import plan_post, run_due_digests, subscribe_channel
from commands.digest_week import DigestSchedule
from commands.leases import LEASE_LOSSES_ALLOWED, HeldClaims
from commands.nudges import DispatchReport, plan_nudges, run_due
from commands.people import Team
from commands.ports import Delivered, NudgeMessage, UndeliverableNotice
from storage.digests import claim_due_digests, plan_due_digests
from storage.engine import Database
from storage.models import Nudge
from storage.nudges import claim_due_nudges
from storage.outbox import Claim
from storage.workspaces import ensure_workspace
from tests.seeding import DUE_NUDGE_AT, seed_due_commitments

SHORT_LEASE = timedelta(seconds=2)
NUDGES = 120


@dataclass
class SlowMessenger:
    """Takes its time over every message, like Slack under load; records what it delivered."""

    delay: float = 0.3
    delivered: Counter[int] = field(default_factory=Counter)
    notices: list[UndeliverableNotice] = field(default_factory=list)

    async def send_nudge(self, message: NudgeMessage) -> Delivered:
        await asyncio.sleep(self.delay)
        self.delivered[message.nudge_id] += 1
        return Delivered(channel_id="D1", message_ts=f"{message.nudge_id}.0001")

    async def report_undeliverable(self, notice: UndeliverableNotice) -> None:
        self.notices.append(notice)


def statuses(db: Database) -> Counter[str]:
    rows = db.run_sync(lambda s: s.exec(select(Nudge.status)).all(), writes=False)
    return Counter(rows)


async def race(db: Database, messenger: SlowMessenger, done: asyncio.Event) -> list[DispatchReport]:
    """A second replica whose clock is ten minutes ahead, ticking every 0.2 s."""
    reports = []
    while not done.is_set():
        reports.append(await run_due(db, messenger, now=DUE_NUDGE_AT + timedelta(minutes=10),
                                     worker="replica-b", lease=SHORT_LEASE))
        await asyncio.sleep(0.2)
    return reports


async def test_a_tick_longer_than_its_lease_sends_each_nudge_once(db: Database) -> None:
    await seed_due_commitments(db, count=NUDGES, owners=30)
    messenger, done = SlowMessenger(), asyncio.Event()
    long_tick = asyncio.ensure_future(
        run_due(db, messenger, now=DUE_NUDGE_AT, worker="replica-a", lease=SHORT_LEASE))
    await asyncio.sleep(0.05)  # replica A claims first, then B races it
    racing = asyncio.ensure_future(race(db, messenger, done))
    first = await long_tick
    done.set()
    others = await racing

    assert sum(messenger.delivered.values()) == NUDGES, messenger.delivered.most_common(3)
    assert set(messenger.delivered.values()) == {1}
    assert statuses(db) == {"sent": NUDGES}
    assert first.lost_leases == 0 and all(report.lost_leases == 0 for report in others)


async def test_a_nudge_whose_sender_keeps_dying_is_given_up_and_reported(db: Database) -> None:
    await seed_due_commitments(db, count=1, owners=1)
    await plan_nudges(db, now=DUE_NUDGE_AT)
    for crash in range(LEASE_LOSSES_ALLOWED + 1):
        # A dispatcher claims it, then dies before recording anything; its lease runs out.
        claims = await claim_due_nudges(db, now=DUE_NUDGE_AT, owner=f"dead-{crash}",
                                        lease=timedelta(0), batch=10)
        assert len(claims) == 1
        await asyncio.sleep(0.01)
    messenger = SlowMessenger(delay=0)
    report = await run_due(db, messenger, now=DUE_NUDGE_AT, worker="survivor")

    assert report.dead == 1 and not messenger.delivered
    assert [notice.recipient_user_id for notice in messenger.notices] == ["UOWNER0000"]
    assert "stopped" in messenger.notices[0].reason
    assert statuses(db) == {"dead": 1}


async def test_a_nudge_reclaimed_once_after_a_crash_is_still_sent(db: Database) -> None:
    await seed_due_commitments(db, count=1, owners=1)
    await plan_nudges(db, now=DUE_NUDGE_AT)
    await claim_due_nudges(db, now=DUE_NUDGE_AT, owner="dead", lease=timedelta(0), batch=10)
    await asyncio.sleep(0.01)
    messenger = SlowMessenger(delay=0)
    report = await run_due(db, messenger, now=DUE_NUDGE_AT, worker="survivor")
    assert report.sent == 1 and sum(messenger.delivered.values()) == 1


async def test_a_claim_is_leased_from_the_moment_it_is_taken(db: Database) -> None:
    """Claimed 'at' an instant long past, the lease still runs from now: nobody can take it."""
    await seed_due_commitments(db, count=1, owners=1)
    await plan_nudges(db, now=DUE_NUDGE_AT)
    held = await claim_due_nudges(db, now=DUE_NUDGE_AT, owner="a", lease=timedelta(minutes=2),
                                  batch=10)
    later = DUE_NUDGE_AT + timedelta(days=30)
    taken = await claim_due_nudges(db, now=later, owner="b", lease=timedelta(minutes=2), batch=10)
    assert len(held) == 1 and taken == []
    owners = db.run_sync(lambda s: s.exec(select(col(Nudge.lease_owner))).all(), writes=False)
    assert owners == ["a"]


@dataclass
class CountingPublisher:
    """A digest publisher that records what it posted."""

    posted: list[str] = field(default_factory=list)

    async def publish(self, team: Team, channel_id: str, digest: Digest) -> Delivered:
        self.posted.append(channel_id)
        return Delivered(channel_id=channel_id, message_ts="1.0001")

    async def members(self, team: Team, channel_id: str) -> frozenset[str]:
        return frozenset()


async def subscribed_channel(db: Database) -> None:
    workspace = await ensure_workspace(db, platform="slack", external_id="T0001",
                                       default_categories=["Billing"],
                                       now=DUE_NUDGE_AT - timedelta(days=10))
    assert workspace.id is not None
    await subscribe_channel(db, workspace_id=workspace.id, channel_id="CTEAM",
                            schedule=DigestSchedule(4, time(13, 0), ZoneInfo("Europe/Berlin")),
                            categories=(), members_only=False, by="UREPORTER",
                            now=DUE_NUDGE_AT - timedelta(days=3))


async def test_a_digest_whose_poster_keeps_dying_is_given_up(db: Database) -> None:
    await subscribed_channel(db)
    publisher = CountingPublisher()
    await plan_due_digests(db, now=DUE_NUDGE_AT, planner=lambda s: plan_post(s, now=DUE_NUDGE_AT))
    for crash in range(LEASE_LOSSES_ALLOWED + 1):
        claims = await claim_due_digests(db, now=DUE_NUDGE_AT, owner=f"dead-{crash}",
                                         lease=timedelta(0), batch=10)
        assert len(claims) == 1
        await asyncio.sleep(0.01)
    report = await run_due_digests(db, publisher, now=DUE_NUDGE_AT, worker="survivor")
    assert (report.dead, publisher.posted) == (1, [])


async def test_a_digest_reclaimed_once_is_still_posted(db: Database) -> None:
    await subscribed_channel(db)
    publisher = CountingPublisher()
    await plan_due_digests(db, now=DUE_NUDGE_AT, planner=lambda s: plan_post(s, now=DUE_NUDGE_AT))
    await claim_due_digests(db, now=DUE_NUDGE_AT, owner="dead", lease=timedelta(0), batch=10)
    await asyncio.sleep(0.01)
    report = await run_due_digests(db, publisher, now=DUE_NUDGE_AT, worker="survivor")
    assert (report.posted, publisher.posted) == (1, ["CTEAM"])


def test_nothing_is_sent_on_a_lease_about_to_run_out() -> None:
    """A process paused (GC, SIGSTOP) past three quarters of its lease sends nothing more until
    a renewal succeeds: another replica may be taking the rows over."""
    claim = Claim(row_id=1, attempt=1, outcome_unknown=False)
    held = HeldClaims([claim], lease=timedelta(minutes=2))
    held.renewed(asked_at=monotonic_clock.monotonic() - 91)  # 29 s left
    assert not held.still_ours(claim)
    held.renewed(asked_at=monotonic_clock.monotonic())
    assert held.still_ours(claim)
    held.lost.add(claim.row_id)  # a renewal found it taken over
    assert not held.still_ours(claim)
