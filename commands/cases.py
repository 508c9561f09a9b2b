"""Logging a difficult conversation: the draft a form produces, its rules, and the use case."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from commands.playbook import AngerLevel, ContactChannel

MAX_CUSTOMER_LENGTH = 200
MAX_TEXT_LENGTH = 3000
MAX_PROMISE_LENGTH = 1000
MAX_COMMITMENTS = 3
# A promise with a date and no time is due by the end of that working day in the owner's zone.
DEFAULT_DUE_TIME = time(18, 0)
# Clocks drift and people round: "when it happened" may be a little ahead of our `now`.
OCCURRED_AT_TOLERANCE = timedelta(minutes=15)


class CaseField(StrEnum):
    """Names of the form's fields; platform views use them as their block/input ids."""

    CUSTOMER = "customer"
    CONTACT_CHANNEL = "contact_channel"
    OCCURRED_AT = "occurred_at"
    ANGER_LEVEL = "anger_level"
    WHAT_HAPPENED = "what_happened"
    PROBLEM = "problem"
    CATEGORY = "category"
    CUSTOMER_WANTS = "customer_wants"
    AGREED = "agreed"
    DEESCALATION_STEPS = "deescalation_steps"
    LESSONS = "lessons"
    SHARE_CONSENT = "share_consent"
    SETTLED_OUTCOME = "settled_outcome"  # no promise: the case is closed at once with this


class CaseOutcome(StrEnum):
    """How a case ended."""

    RESOLVED = "resolved"
    RETAINED = "retained"
    ESCALATED = "escalated"
    LOST = "lost"

    @property
    def label(self) -> str:
        return {"resolved": "Resolved", "retained": "Customer retained",
                "escalated": "Escalated", "lost": "Customer lost"}[self.value]


class CommitmentField(StrEnum):
    OWNER = "owner"
    DUE_DATE = "due_date"
    DUE_TIME = "due_time"
    PROMISE = "promise"


def commitment_field(index: int, name: CommitmentField) -> str:
    """The field id of a part of the index-th commitment (0-based): `commitment_1_due_date`."""
    return f"commitment_{index}_{name.value}"


@dataclass(frozen=True)
class CommitmentDraft:
    """One promise as typed: who owes it, by when (a date in the owner's zone), what exactly."""

    owner_user_id: str
    due_date: date | None
    due_time: time | None
    promise: str

    @property
    def is_blank(self) -> bool:
        """Nothing typed but the owner (who starts as the reporter): no promise was made."""
        return not self.promise.strip() and self.due_date is None and self.due_time is None


@dataclass(frozen=True)
class CaseDraft:
    """Everything the form collects about one conversation, as typed by the reporter."""

    customer: str
    contact_channel: ContactChannel | None
    occurred_at: datetime | None
    anger_level: AngerLevel | None
    what_happened: str
    problem: str
    category: str | None
    customer_wants: str
    agreed: str
    deescalation_steps: tuple[str, ...]  # step ids (built-in or the workspace's own)
    lessons: str
    share_consent: bool
    commitments: tuple[CommitmentDraft, ...]
    source_permalink: str | None = None
    # Settled on the call, no promise made: the case is closed at once with this outcome.
    settled_outcome: CaseOutcome | None = None

    @property
    def promises(self) -> tuple[CommitmentDraft, ...]:
        """The commitments actually made (a section left empty is no promise)."""
        return tuple(c for c in self.commitments if not c.is_blank)


@dataclass(frozen=True)
class Prefill:
    """What the form starts with: parsed from quick text or taken from a message."""

    customer: str = ""
    what_happened: str = ""
    promise: str = ""  # what was promised, for the first commitment
    due_date: date | None = None
    due_time: time | None = None
    source_permalink: str | None = None


@dataclass(frozen=True)
class FormContext:
    """What the form needs besides the draft: who reports, the categories offered, the zones."""

    reporter_user_id: str
    categories: Sequence[str]
    zones: Mapping[str, ZoneInfo] = field(default_factory=dict)

    def zone_of(self, user_id: str) -> ZoneInfo:
        return self.zones.get(user_id, ZoneInfo("UTC"))


def due_instant(due_date: date, due_time: time | None, zone: ZoneInfo) -> datetime:
    """The UTC instant a promise falls due: its local date and time (or end of day) in `zone`.

    A local time that does not exist (spring-forward gap) is read with the offset before the
    gap, which lands it just after the gap; an ambiguous one takes its first occurrence.
    """
    local = datetime.combine(due_date, due_time or DEFAULT_DUE_TIME).replace(tzinfo=zone, fold=0)
    return local.astimezone(ZoneInfo("UTC"))


@dataclass(frozen=True)
class CommitmentSummary:
    """A stored promise as the views show it."""

    commitment_id: int
    owner_user_id: str
    promise: str
    due_date: date
    due_time: time | None
    due_at: datetime
    zone_name: str


@dataclass(frozen=True)
class CaseSummary:
    """A stored case as confirmations and DMs show it."""

    case_id: int
    reporter_user_id: str
    customer: str
    contact_channel: ContactChannel
    anger_level: AngerLevel
    category: str | None
    what_happened: str
    agreed: str
    deescalation_steps: tuple[str, ...]  # step ids (built-in or the workspace's own)
    share_consent: bool
    commitments: tuple[CommitmentSummary, ...]
    source_permalink: str | None = None
    closed_as: CaseOutcome | None = None  # closed at logging: settled on the call
