"""What a person owes: their open commitments, soonest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from storage import commitments
from storage.engine import Database

# What an empty list says, on every platform.
NOTHING_OWED = "You have no open promises. Nice work keeping them."
# Enough for one Slack message (50 blocks) with room for a header and a footer.
LIST_LIMIT = 20


@dataclass(frozen=True)
class OwedItem:
    commitment_id: int
    case_id: int
    customer: str
    promise: str
    due_date: date
    due_time: time | None
    due_at: datetime
    zone_name: str
    overdue: bool
    owner_user_id: str = ""
    acceptance: str = "accepted"  # pending: the owner has not said yes yet; declined: no

    @property
    def unaccepted(self) -> bool:
        return self.acceptance != "accepted"


async def my_open_commitments(
    db: Database, *, workspace_id: int, user_id: str, now: datetime
) -> list[OwedItem]:
    rows = await commitments.open_commitments_of(
        db, workspace_id=workspace_id, user_id=user_id, limit=LIST_LIMIT
    )
    return [
        OwedItem(
            commitment_id=row.commitment.id or 0,
            case_id=row.case_id,
            customer=row.customer,
            promise=row.commitment.promise,
            due_date=row.commitment.due_date,
            due_time=row.commitment.due_time,
            due_at=row.commitment.due_at,
            zone_name=row.commitment.due_zone,
            overdue=row.commitment.due_at < now,
            acceptance=row.commitment.acceptance,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class OwedList:
    """The soonest of a person's open promises, and how many they have in all."""

    items: list[OwedItem]
    total: int


async def my_open_list(db: Database, *, workspace_id: int, user_id: str,
                       now: datetime) -> OwedList:
    items = await my_open_commitments(db, workspace_id=workspace_id, user_id=user_id, now=now)
    if len(items) < LIST_LIMIT:
        return OwedList(items, len(items))
    total = await commitments.count_open_commitments_of(db, workspace_id=workspace_id,
                                                        user_id=user_id)
    return OwedList(items, max(total, len(items)))
