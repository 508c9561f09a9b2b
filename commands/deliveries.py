"""Platform deliveries that must be handled once, however often they arrive."""

from __future__ import annotations

from datetime import datetime

from storage.engine import Database
from storage.workspaces import mark_event_processed


async def first_delivery(db: Database, *, event_id: str, now: datetime) -> bool:
    """True the first time an event id is seen; retries of it answer False."""
    return await mark_event_processed(db, event_id=event_id, now=now)
