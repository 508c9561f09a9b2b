"""What the core needs from a chat platform, as a small typed port with a fake twin in tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from commands.people import Team
from commands.schedule import LEAD_KINDS, NudgeKind


@dataclass(frozen=True)
class NudgeMessage:
    """A reminder about one promise, addressed to one person, in platform-neutral terms."""

    nudge_id: int
    kind: NudgeKind
    team: Team
    recipient_user_id: str
    owner_user_id: str
    reporter_user_id: str
    case_id: int
    commitment_id: int
    customer: str
    promise: str
    due_at: datetime
    has_time: bool
    zone_name: str  # the recipient's zone, for dates they read
    overdue_working_days: int = 0
    owner_zone_name: str = "UTC"  # the owner's: a lead reads the due time as the owner lives it
    fire_at: datetime | None = None  # when it was planned to go out (its lateness is measured)

    @property
    def to_reporter(self) -> bool:
        return self.recipient_user_id == self.reporter_user_id

    @property
    def to_lead(self) -> bool:
        return self.kind in LEAD_KINDS


@dataclass(frozen=True)
class Delivered:
    channel_id: str
    message_ts: str


FIRST_BACKOFF = timedelta(minutes=1)
MAX_BACKOFF = timedelta(hours=1)
MAX_ATTEMPTS = 8


def retry_wait(attempt: int, failure: DeliveryFailed) -> timedelta:
    """Rate limited: what the platform asked. Otherwise 1 minute, doubling, at most an hour."""
    if failure.retry_after is not None:
        return timedelta(seconds=failure.retry_after)
    backoff: timedelta = FIRST_BACKOFF * (2 ** max(attempt - 1, 0))
    return min(backoff, MAX_BACKOFF)


def gives_up(attempt: int, failure: DeliveryFailed) -> bool:
    """Waiting out a rate limit never uses up attempts; other failures stop after 8."""
    return failure.retry_after is None and attempt >= MAX_ATTEMPTS


class DeliveryFailed(Exception):
    """Sending failed. `permanent`: retrying cannot help (user gone, channel not found)."""

    def __init__(
        self,
        reason: str,
        *,
        permanent: bool,
        retry_after: float | None = None,
        maybe_delivered: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.retry_after = retry_after
        # A timeout or 5xx may have reached the platform: a retry could duplicate.
        self.maybe_delivered = maybe_delivered


@dataclass(frozen=True)
class UndeliverableNotice:
    """Tells a case's reporter that a nudge could not be delivered, so a human follows up."""

    team: Team
    reporter_user_id: str
    recipient_user_id: str
    customer: str
    promise: str
    due_at: datetime
    zone_name: str
    reason: str


class Messenger(Protocol):
    async def send_nudge(self, message: NudgeMessage) -> Delivered:
        """Deliver a nudge; raise DeliveryFailed when the platform refuses or fails."""
        ...

    async def report_undeliverable(self, notice: UndeliverableNotice) -> None:
        """Best effort: failures are logged, never raised (the nudge row already says dead)."""
        ...
