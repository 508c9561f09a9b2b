"""Record deliveries together: one transaction for every send that finished meanwhile.

Each nudge used to commit its own `sent` mark: a transaction, a trip to a database thread and
back, per message; that was a third of a tick's CPU. Here the first delivery to finish opens a
commit, which waits a moment (GATHER_SECONDS, or until every sender has a mark waiting) for the
others in flight to join it, and those finishing while it runs share the next one (a group
commit). A commit costs about the same whatever it holds, so fewer, fuller ones cost less.
Every sender still waits for its own mark to be committed before it takes its next message, so
what can be sent twice after a crash stays what is in flight (DESIGN.md's duplicate window): at
most one message per concurrent send.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from storage import outbox
from storage.engine import Database
from storage.outbox import Claim, OutboxRow, Sent

# How long a commit waits for more marks to join it: a small part of a Slack call's round trip
# (tens of milliseconds), so a sender hardly waits longer for its mark.
GATHER_SECONDS = 0.005


class DeliveryRecorder:
    """Marks outbox rows sent, batching the marks that arrive while a commit is running."""

    def __init__(self, db: Database, *, model: OutboxRow, owner: str, now: datetime,
                 senders: int, gather_seconds: float = GATHER_SECONDS) -> None:
        """`senders`: how many deliveries run at once, each with at most one mark waiting."""
        self._db, self._model, self._owner, self._now = db, model, owner, now
        self._senders, self._gather_seconds = senders, gather_seconds
        self._waiting: list[tuple[Sent, asyncio.Future[bool]]] = []
        self._committing: asyncio.Task[None] | None = None
        self._all_in = asyncio.Event()  # every sender has a mark waiting: no one else can join

    async def mark_sent(self, claim: Claim, *, channel_id: str, message_ts: str) -> bool:
        """True once committed; False if the lease had been lost (another dispatcher took over).
        Raises what the database raised."""
        recorded: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.append((Sent(claim, channel_id, message_ts), recorded))
        if len(self._waiting) >= self._senders:
            self._all_in.set()
        if self._committing is None:
            self._committing = asyncio.ensure_future(self._commit_while_waiting())
        return await recorded

    async def _commit_while_waiting(self) -> None:
        try:
            while self._waiting:
                await self._gather()
                batch, self._waiting = self._waiting, []
                self._all_in.clear()
                await self._commit(batch)
        finally:
            self._committing = None

    async def _gather(self) -> None:
        """Wait GATHER_SECONDS for the sends in flight to finish and join, or until all have."""
        if self._all_in.is_set():
            return
        deadline = asyncio.get_running_loop().call_later(self._gather_seconds, self._all_in.set)
        try:
            await self._all_in.wait()
        finally:
            deadline.cancel()

    async def _commit(self, batch: list[tuple[Sent, asyncio.Future[bool]]]) -> None:
        try:
            marked = await outbox.mark_all_sent(self._db, model=self._model,
                                                sent=[sent for sent, _ in batch],
                                                owner=self._owner, now=self._now)
        except Exception as error:  # every sender of the batch hears of it, as if alone
            for _, recorded in batch:
                if not recorded.done():  # its sender may have been cancelled meanwhile
                    recorded.set_exception(error)
            return
        for sent, recorded in batch:
            if not recorded.done():
                recorded.set_result(sent.claim.row_id in marked)
