"""The tables. Instants are aware datetimes, stored and returned in UTC (SQLModel's UTCDateTime)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, Table, UniqueConstraint, func, text
from sqlmodel import Field, SQLModel


# Default factories are functions of ours rather than `list` and `dict`: pydantic works out a
# default factory's signature every time a model is built without that field, and for `list`
# that means parsing its text signature (about 0.2 ms for each case logged).
def no_items() -> list[Any]:
    return []


def no_fields() -> dict[str, Any]:
    return {}


class Workspace(SQLModel, table=True):
    """One Slack team or Teams tenant; its settings travel with it."""

    __tablename__ = "workspaces"
    __table_args__ = (UniqueConstraint("platform", "external_id", name="uq_workspace_external"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    external_id: str = Field(max_length=64)
    name: str = Field(default="", max_length=200)
    categories: list[str] = Field(default_factory=no_items, sa_column=Column(JSON, nullable=False))
    created_at: datetime
    # Who overdue promises escalate to (platform user ids).
    lead_user_ids: list[str] = Field(
        default_factory=no_items, sa_column=Column(JSON, nullable=False))
    # Working days (Monday is 0) and hours: nudges land inside them, in each owner's zone.
    work_days: list[int] = Field(
        default_factory=lambda: [0, 1, 2, 3, 4], sa_column=Column(JSON, nullable=False)
    )
    work_start: time = time(9, 0)
    work_end: time = time(18, 0)
    escalate_after_days: int = 2
    # Nudge offsets: "coming up" this many working days ahead, "due today" this many hours.
    pre_due_days: int = 1
    due_lead_hours: int = 2
    # Digests anonymize customers ("Customer A") unless a lead turns this on.
    digest_show_names: bool = False
    # Free text of closed cases is erased this many days after closing (0: kept).
    retention_days: int = 365
    # Dates off (ISO dates): no nudge lands on them and they count as no working day.
    holidays: list[str] = Field(default_factory=no_items, sa_column=Column(JSON, nullable=False))
    # After a call marked furious, the reporter's confirmation adds a line of care.
    furious_line: bool = True
    # The lead's own in-call steps ({"id": "custom-1", "label": ..., "phase": ...}), and the
    # step ids retired from the form (kept readable in history).
    custom_steps: list[dict[str, str]] = Field(
        default_factory=no_items, sa_column=Column(JSON, nullable=False, server_default="[]"))
    retired_steps: list[str] = Field(
        default_factory=no_items, sa_column=Column(JSON, nullable=False, server_default="[]"))
    # When the checklist first offered the steps new in migration 0005 (None: from the start):
    # the coaching focus does not count them against older cases.
    playbook_since: datetime | None = None


class Person(SQLModel, table=True):
    """Someone in a workspace: their timezone and how to reach them on their platform."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("workspace_id", "user_id", name="uq_person_user"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspaces.id", index=True)
    user_id: str = Field(max_length=64)
    display_name: str = Field(default="", max_length=200)
    tz: str | None = Field(default=None, max_length=64)
    # Platform-specific way to reach the person: a Slack DM channel id, a Teams conversation ref.
    address: dict[str, Any] = Field(
        default_factory=no_fields, sa_column=Column(JSON, nullable=False))
    refreshed_at: datetime | None = None


class Case(SQLModel, table=True):
    """One difficult conversation, as the reporter logged it."""

    __tablename__ = "cases"
    __table_args__ = (
        # The digest reads a workspace's cases by week, and looks for repeat customers.
        Index("ix_cases_workspace_created", "workspace_id", "created_at"),
        Index("ix_cases_workspace_customer", "workspace_id", func.lower(text("customer"))),
        # Data retention looks for closed cases whose text is still there, oldest first.
        Index("ix_cases_retention", "workspace_id", "text_erased_at", "closed_at"),
        # App Home lists a person's latest cases.
        Index("ix_cases_reporter_created", "reporter_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspaces.id", index=True)
    reporter_id: int = Field(foreign_key="people.id")
    # Idempotency: one modal (one key) creates at most one case, however often it is submitted.
    submission_key: str = Field(max_length=64, unique=True)
    customer: str = Field(max_length=200)
    contact_channel: str = Field(max_length=16)
    occurred_at: datetime
    anger_level: int
    what_happened: str
    problem: str = ""
    category: str | None = Field(default=None, max_length=150)
    customer_wants: str = ""
    agreed: str = ""
    deescalation_steps: list[str] = Field(
        default_factory=no_items, sa_column=Column(JSON, nullable=False)
    )
    lessons: str = ""
    share_consent: bool = False
    source_permalink: str | None = Field(default=None, max_length=1000)
    status: str = Field(default="open", max_length=16)
    created_at: datetime
    closed_at: datetime | None = None
    # How it ended: resolved | retained | escalated | lost; and the customer's mood after, 1-5.
    outcome: str | None = Field(default=None, max_length=16)
    mood_after: int | None = None
    text_erased_at: datetime | None = None  # data retention: free text gone, numbers kept


class CaseNote(SQLModel, table=True):
    """A follow-up note on a case, by someone on it."""

    __tablename__ = "case_notes"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True, ondelete="CASCADE")
    author_id: int = Field(foreign_key="people.id")
    text: str
    at: datetime


class Commitment(SQLModel, table=True):
    """A promise made to the customer: who owes it, by when, what exactly."""

    __tablename__ = "commitments"
    # The digest reads a workspace's promises by due date.
    __table_args__ = (Index("ix_commitments_workspace_due", "workspace_id", "due_at"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True, ondelete="CASCADE")
    # The case's workspace, copied here so a workspace's promises are one index range away.
    workspace_id: int = Field(foreign_key="workspaces.id")
    position: int
    owner_id: int = Field(foreign_key="people.id", index=True)
    promise: str
    due_date: date
    due_time: time | None = None
    # The owner's zone when the date was set: the date means a day *there*.
    due_zone: str = Field(max_length=64)
    due_at: datetime = Field(index=True)
    # Bumped when the due date or the owner changes: nudges planned before are superseded.
    due_version: int = 1
    status: str = Field(default="open", max_length=16)
    created_at: datetime
    done_at: datetime | None = None
    # Nudge planning: all up to `planned_until` is in the outbox; look again at `next_nudge_at`.
    planned_until: datetime | None = None
    next_nudge_at: datetime | None = Field(default=None, index=True)
    slips: int = 0  # times the date was renegotiated
    # A promise made for someone else waits for its owner: pending | accepted | declined.
    acceptance: str = Field(default="accepted", max_length=16)
    decline_reason: str = ""
    # The owner asked for quiet until then: no owner nudge of the schedule lands before it.
    snoozed_until: datetime | None = None
    outcome_note: str = ""
    customer_reaction: str | None = Field(default=None, max_length=16)


class OutboxColumns(SQLModel):
    """What every outbox row has: a status, a lease, attempts, and where the message landed."""

    status: str = Field(default="pending", max_length=16)  # pending|claimed|sent|cancelled|dead
    attempts: int = 0  # also the fencing token of the current claim
    lost_leases: int = 0  # times taken over after its holder's lease ran out
    next_attempt_at: datetime
    outcome_unknown: bool = False  # a failed attempt may still have reached Slack
    lease_owner: str | None = Field(default=None, max_length=64)
    lease_expires_at: datetime | None = None
    channel_id: str | None = Field(default=None, max_length=64)
    message_ts: str | None = Field(default=None, max_length=32)
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime
    sent_at: datetime | None = None


class Nudge(OutboxColumns, table=True):
    """One planned DM about a commitment: the outbox row a dispatcher claims, sends, marks sent."""

    __tablename__ = "nudges"
    __table_args__ = (Index("ix_nudges_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspaces.id")
    commitment_id: int = Field(foreign_key="commitments.id", index=True, ondelete="CASCADE")
    recipient_id: int = Field(foreign_key="people.id")
    kind: str = Field(max_length=16)
    fire_at: datetime
    due_version: int
    # (commitment, kind, instant, due version, recipient): planning twice inserts nothing new.
    dedupe_key: str = Field(max_length=160, unique=True)


class DigestSubscription(SQLModel, table=True):
    """A channel that gets the weekly digest, when, in which zone, for which categories."""

    __tablename__ = "digest_subscriptions"
    __table_args__ = (UniqueConstraint("workspace_id", "channel_id", name="uq_digest_channel"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspaces.id", index=True)
    channel_id: str = Field(max_length=64)
    weekday: int = 0  # Monday is 0
    at: time = time(9, 0)
    tz: str = Field(default="UTC", max_length=64)
    # Empty: every case of the workspace; otherwise only cases in these categories.
    categories: list[str] = Field(default_factory=no_items, sa_column=Column(JSON, nullable=False))
    # Only cases reported or owned by the channel's members at posting time (one team).
    members_only: bool = False
    active: bool = True
    created_by: str = Field(default="", max_length=64)
    created_at: datetime
    # Digest planning: the next instant a digest is due, in UTC.
    next_post_at: datetime | None = Field(default=None, index=True)


class DigestPost(OutboxColumns, table=True):
    """One week's digest for one subscription: posted exactly once, claimed like a nudge."""

    __tablename__ = "digest_posts"
    __table_args__ = (
        UniqueConstraint("subscription_id", "iso_week", name="uq_digest_week"),
        Index("ix_digest_posts_due", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = Field(foreign_key="digest_subscriptions.id", ondelete="CASCADE")
    iso_week: str = Field(max_length=8)  # the ISO week of `fire_at` in the channel's zone
    # The scheduled instant: the digest covers the 7 days before it, however late it is sent.
    fire_at: datetime


class AuditEvent(SQLModel, table=True):
    """What happened, by whom, when. Keeps no customer text, so it can outlive a deleted case."""

    __tablename__ = "audit_events"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspaces.id", index=True)
    case_id: int | None = Field(default=None, index=True)
    commitment_id: int | None = None
    actor_id: int | None = None
    kind: str = Field(max_length=32)
    detail: dict[str, Any] = Field(
        default_factory=no_fields, sa_column=Column(JSON, nullable=False))
    at: datetime


class ProcessedEvent(SQLModel, table=True):
    """Events API deliveries already handled, so Slack's retries are acknowledged, not redone."""

    __tablename__ = "processed_events"

    event_id: str = Field(primary_key=True, max_length=64)
    received_at: datetime


class TokenRefreshLease(SQLModel, table=True):
    """Who is refreshing a workspace's rotating token right now (Slack's refresh tokens are
    single-use: two processes refreshing at once would leave one of them with a dead token)."""

    __tablename__ = "token_refresh_leases"

    key: str = Field(primary_key=True, max_length=128)
    holder: str = Field(max_length=128)
    expires_at: datetime


class TeamsChannel(SQLModel, table=True):
    """A Teams channel angrycall was addressed in, and the conversation reference that lets it
    post there later (the weekly digest); Teams gives no other way to reach a channel."""

    __tablename__ = "teams_channels"
    __table_args__ = (UniqueConstraint("workspace_id", "channel_id", name="uq_teams_channel"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspaces.id")
    channel_id: str = Field(max_length=64)
    reference: dict[str, Any] = Field(
        default_factory=no_fields, sa_column=Column(JSON, nullable=False))
    updated_at: datetime


class ChartImage(SQLModel, table=True):
    """A digest chart Teams shows from a URL: served to whoever holds its random token, until
    it expires (a table, so any replica can serve what another drew)."""

    __tablename__ = "chart_images"

    token: str = Field(primary_key=True, max_length=64)
    png: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    expires_at: datetime = Field(index=True)
# The outer loop's tables live in their own module; importing it here registers them.
def table_of(model: type[SQLModel]) -> Table:
    """A model's table, for Core statements: the hot paths build them once from it, without the
    ORM's objects (SQLModel does not type `__table__`)."""
    return model.__table__  # type: ignore[attr-defined, no-any-return]


import storage.theme_models  # noqa: E402, F401
