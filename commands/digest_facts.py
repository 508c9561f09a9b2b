"""What a digest is computed from: plain facts about cases and promises (no storage types)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class PromiseFacts:
    owner_user_id: str
    due_at: datetime
    status: str  # open | done
    done_at: datetime | None
    slips: int  # times its date was renegotiated

    def kept_on_time(self) -> bool:
        """Kept by the date first agreed: a promise kept by a new date is not on time."""
        return self.kept_by_date() and self.slips == 0

    def kept_after_new_date(self) -> bool:
        return self.kept_by_date() and self.slips > 0

    def kept_by_date(self) -> bool:
        return self.done_at is not None and self.done_at <= self.due_at

    def kept_late(self) -> bool:
        return self.done_at is not None and self.done_at > self.due_at

    def overdue(self, now: datetime) -> bool:
        return self.status == "open" and self.due_at < now


@dataclass(frozen=True)
class CaseFacts:
    case_id: int
    customer: str
    category: str | None
    anger_level: int
    logged_at: datetime
    status: str  # open | closed
    share_consent: bool
    what_happened: str
    problem: str
    agreed: str
    lessons: str
    outcome: str  # the owners' outcome notes, joined
    steps: tuple[str, ...]  # step ids ticked; empty: not recorded

    @property
    def checklist_filled(self) -> bool:
        return bool(self.steps)


@dataclass(frozen=True)
class WeekCount:
    """One past week for the trend: cases logged, and promises due and kept on time."""

    start: datetime
    cases: int
    due: int
    kept_on_time: int
