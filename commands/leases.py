"""Keep claimed outbox rows ours while they are being sent: a heartbeat that renews their lease.

A batch can take longer than its lease (a slow platform, rate limits): without renewal, another
replica would take over rows still being sent and send them again. Renewal stops for rows that
were taken over anyway (this process paused longer than the lease): those are not sent.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from datetime import timedelta

from storage import outbox
from storage.engine import Database
from storage.outbox import Claim, OutboxRow

logger = logging.getLogger(__name__)

# Renewed three times a lease: two renewals can fail (a slow database) before it runs out.
BEATS_PER_LEASE = 3
# A row taken over this many times after its holder's lease ran out is not tried again.
LEASE_LOSSES_ALLOWED = 2
# Nothing is sent on a lease with less than a quarter left (30 s of 2 minutes): a process that
# was paused (GC, SIGSTOP, a frozen VM) must not send what another may be taking over.
SAFETY_SHARE = 0.25
LEASE_LOST_TOO_OFTEN = ("its sender stopped before recording the outcome {} times (a crash or "
                        "a hang), so it was not tried again: it may or may not have gone out")


@dataclass
class HeldClaims:
    """The claims a heartbeat keeps until each is finished; `lost` were taken over meanwhile.

    `held_until` is this process's own (monotonic) view of the lease: taken just before the
    claim or renewal, so never later than the database's."""

    claims: list[Claim]
    lease: timedelta
    held_until: float = field(default=0.0)
    lost: set[int] = field(default_factory=set)
    finished: set[int] = field(default_factory=set)

    def renewed(self, asked_at: float) -> None:
        self.held_until = asked_at + self.lease.total_seconds()

    def still_ours(self, claim: Claim) -> bool:
        margin = self.lease.total_seconds() * SAFETY_SHARE
        return claim.row_id not in self.lost and time.monotonic() < self.held_until - margin

    def finish(self, claim: Claim) -> None:
        self.finished.add(claim.row_id)

    def to_renew(self) -> list[Claim]:
        return [c for c in self.claims if c.row_id not in self.lost | self.finished]


def lost_too_often(claim: Claim) -> str | None:
    """Why a reclaimed row is given up (dead) instead of tried once more, if it is."""
    if claim.lost_leases > LEASE_LOSSES_ALLOWED:
        return LEASE_LOST_TOO_OFTEN.format(claim.lost_leases)
    return None


@asynccontextmanager
async def heartbeat(
    db: Database, claims: list[Claim], *, model: OutboxRow, owner: str, lease: timedelta,
    claimed_at: float,
) -> AsyncIterator[HeldClaims]:
    """Renew the claims' lease every third of it while the block runs; `claimed_at` is
    `time.monotonic()` taken just before the claim."""
    held = HeldClaims(claims, lease)
    held.renewed(asked_at=claimed_at)
    beating = asyncio.ensure_future(_beat(db, held, model=model, owner=owner, lease=lease))
    try:
        yield held
    finally:
        beating.cancel()
        with suppress(asyncio.CancelledError):
            await beating


async def _beat(
    db: Database, held: HeldClaims, *, model: OutboxRow, owner: str, lease: timedelta
) -> None:
    while True:
        await asyncio.sleep(lease.total_seconds() / BEATS_PER_LEASE)
        mine, asked_at = held.to_renew(), time.monotonic()
        try:
            renewed = await outbox.extend_leases(db, model=model, claims=mine, owner=owner,
                                                 lease=lease)
        except Exception as error:
            # The database is away: the sends' outcomes can't be recorded either (that failure
            # is the one reported); the next beat tries again, and rows whose lease runs out
            # meanwhile go to another replica.
            logger.warning("could not renew the lease of %d rows: %s", len(mine),
                           type(error).__name__)
            continue
        held.lost |= {claim.row_id for claim in mine} - renewed - held.finished
        held.renewed(asked_at)
