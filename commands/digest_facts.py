"""What a digest is computed from: plain facts about cases and promises (no storage types)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from commands.playbook import PlaybookStep


@dataclass(frozen=True)
class PromiseFacts:
    owner_user_id: str
    due_at: datetime
    status: str  # open | done
    done_at: datetime | None
    slips: int

    def kept_on_time(self) -> bool:
        return self.done_at is not None and self.done_at <= self.due_at

    def kept_late(self) -> bool:
        return self.done_at is not None and self.done_at > self.due_at


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
    steps: tuple[PlaybookStep, ...]


@dataclass(frozen=True)
class WeekCount:
    """One past week for the trend: cases logged, and promises due and kept on time."""

    start: datetime
    cases: int
    due: int
    kept_on_time: int
