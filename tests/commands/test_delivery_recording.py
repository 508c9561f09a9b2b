"""The marks of nudges Slack accepted: committed together, and never before a sender hears."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlmodel import select

from commands.delivery_recording import DeliveryRecorder
from commands.nudges import plan_nudges
from storage.engine import Database
from storage.models import Nudge
from storage.nudges import claim_due_nudges
from storage.outbox import SENT, Claim
from tests.seeding import DUE_NUDGE_AT, seed_due_commitments
from tests.statements import counted

SENDERS = 8
LEASE_OWNER = "worker-1"
# Far longer than any of these tests waits, so a commit that started on time was not waiting.
NEVER = 60.0


async def claimed(db: Database, count: int) -> list[Claim]:
    await seed_due_commitments(db, count=count, owners=count)
    await plan_nudges(db, now=DUE_NUDGE_AT)
    return await claim_due_nudges(db, now=DUE_NUDGE_AT, owner=LEASE_OWNER,
                                  lease=timedelta(minutes=2), batch=count)


def recorder(db: Database, *, gather_seconds: float) -> DeliveryRecorder:
    return DeliveryRecorder(db, model=Nudge, owner=LEASE_OWNER, now=DUE_NUDGE_AT,
                            senders=SENDERS, gather_seconds=gather_seconds)


async def statuses(db: Database) -> dict[int, str]:
    rows = await db.run(lambda s: s.exec(select(Nudge.id, Nudge.status)).all(), writes=False)
    return {row_id: status for row_id, status in rows if row_id is not None}


async def test_marks_arriving_within_the_gathering_moment_share_one_commit(
    db: Database,
) -> None:
    claims = await claimed(db, 5)
    marks = recorder(db, gather_seconds=0.5)

    async def accepted_after(delay: float, claim: Claim) -> bool:
        await asyncio.sleep(delay)
        return await marks.mark_sent(claim, channel_id="D1", message_ts=f"{claim.row_id}.1")

    with counted(db.engine) as traffic:
        recorded = await asyncio.gather(*(accepted_after(0.02 * i, c)
                                          for i, c in enumerate(claims)))
    assert recorded == [True] * 5
    assert traffic.transactions == 1
    assert set((await statuses(db)).values()) == {SENT}


async def test_once_every_sender_has_a_mark_waiting_the_commit_does_not_wait(
    db: Database,
) -> None:
    claims = await claimed(db, SENDERS)
    marks = recorder(db, gather_seconds=NEVER)
    recorded = await asyncio.wait_for(asyncio.gather(*(
        marks.mark_sent(c, channel_id="D1", message_ts="1.1") for c in claims)), timeout=10)
    assert recorded == [True] * SENDERS


async def test_a_lone_mark_is_committed_after_the_moment_and_only_then_answered(
    db: Database,
) -> None:
    (claim,) = await claimed(db, 1)
    marks = recorder(db, gather_seconds=0.05)
    assert await marks.mark_sent(claim, channel_id="D1", message_ts="1.1")
    assert (await statuses(db))[claim.row_id] == SENT


async def test_a_mark_whose_lease_was_lost_is_not_recorded(db: Database) -> None:
    (claim,) = await claimed(db, 1)
    marks = DeliveryRecorder(db, model=Nudge, owner="someone-else", now=DUE_NUDGE_AT,
                             senders=SENDERS, gather_seconds=0.01)
    assert not await marks.mark_sent(claim, channel_id="D1", message_ts="1.1")
    assert (await statuses(db))[claim.row_id] != SENT
