"""Record deliveries together: one transaction for every send that finished meanwhile.

Each nudge used to commit its own `sent` mark: a transaction, a trip to a database thread and
back, per message; that was a third of a tick's CPU. Here the first delivery to finish starts a
commit, and those finishing while it runs share the next one (a group commit). Every sender
still waits for its own mark to be committed before it takes its next message, so what can be
sent twice after a crash stays what is in flight (DESIGN.md's duplicate window): at most one
message per concurrent send.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from storage import outbox
from storage.engine import Database
from storage.outbox import Claim, OutboxRow, Sent


class DeliveryRecorder:
    """Marks outbox rows sent, batching the marks that arrive while a commit is running."""

    def __init__(self, db: Database, *, model: OutboxRow, owner: str, now: datetime) -> None:
        self._db, self._model, self._owner, self._now = db, model, owner, now
        self._waiting: list[tuple[Sent, asyncio.Future[bool]]] = []
        self._committing: asyncio.Task[None] | None = None

    async def mark_sent(self, claim: Claim, *, channel_id: str, message_ts: str) -> bool:
        """True once committed; False if the lease had been lost (another dispatcher took over).
        Raises what the database raised."""
        recorded: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.append((Sent(claim, channel_id, message_ts), recorded))
        if self._committing is None:
            self._committing = asyncio.ensure_future(self._commit_while_waiting())
        return await recorded

    async def _commit_while_waiting(self) -> None:
        try:
            while self._waiting:
                batch, self._waiting = self._waiting, []
                await self._commit(batch)
        finally:
            self._committing = None

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
