"""The outer loop's tables: themes (one problem behind many cases), their links to cases, the
channel that owns each category's themes, and the reminders about a theme's fix date."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models import OutboxColumns


class Theme(SQLModel, table=True):
    """A problem behind several cases: open -> planned (a fix date) -> fixed -> told; or
    declined by the owning team, with a reason; or merged into another theme."""

    __tablename__ = "themes"
    __table_args__ = (Index("ix_themes_workspace_state", "workspace_id", "state"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspaces.id")
    title: str = Field(max_length=200)
    category: str | None = Field(default=None, max_length=150)
    state: str = Field(default="open", max_length=16)
    started_by_id: int = Field(foreign_key="people.id")
    owner_id: int | None = Field(default=None, foreign_key="people.id")
    # The owning team's channel, copied from the category's mapping when the theme is raised.
    channel_id: str | None = Field(default=None, max_length=64)
    fix_date: date | None = None
    decline_reason: str = ""
    merged_into_id: int | None = Field(default=None, foreign_key="themes.id")
    created_at: datetime
    raised_at: datetime | None = None
    planned_at: datetime | None = None
    fixed_at: datetime | None = None
    told_at: datetime | None = None
    declined_at: datetime | None = None


class ThemeCase(SQLModel, table=True):
    """A case linked to a theme (a case belongs to one theme at most), and whether its customer
    was told once the theme was fixed."""

    __tablename__ = "theme_cases"
    __table_args__ = (UniqueConstraint("case_id", name="uq_theme_case"),)

    id: int | None = Field(default=None, primary_key=True)
    theme_id: int = Field(foreign_key="themes.id", index=True, ondelete="CASCADE")
    case_id: int = Field(foreign_key="cases.id", ondelete="CASCADE")
    linked_by_id: int = Field(foreign_key="people.id")
    linked_at: datetime = Field(index=True)  # a window's links are those made since it began
    # None until the fix is announced; then told | unreachable.
    customer_told: str | None = Field(default=None, max_length=16)
    customer_reaction: str | None = Field(default=None, max_length=16)
    told_at: datetime | None = None


class ThemeChannel(SQLModel, table=True):
    """Which channel owns the themes of a category (Billing -> #billing-eng)."""

    __tablename__ = "theme_channels"
    __table_args__ = (UniqueConstraint("workspace_id", "category", name="uq_theme_channel"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspaces.id")
    category: str = Field(max_length=150)
    channel_id: str = Field(max_length=64)


class OuterLoopSettings(SQLModel, table=True):
    """A workspace's targets for the outer loop, set by a lead."""

    __tablename__ = "outer_loop_settings"

    workspace_id: int = Field(foreign_key="workspaces.id", primary_key=True)
    follow_up_target_hours: int = 48


class ThemeNudge(OutboxColumns, table=True):
    """A reminder about a theme's fix date: an outbox row like a promise's nudge, claimed by
    the same tick. Superseded (cancelled when claimed) once the theme's date or state moves."""

    __tablename__ = "theme_nudges"
    __table_args__ = (Index("ix_theme_nudges_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    theme_id: int = Field(foreign_key="themes.id", index=True, ondelete="CASCADE")
    recipient_id: int = Field(foreign_key="people.id")
    kind: str = Field(max_length=16)  # due | overdue | escalation
    fix_date: date
    fire_at: datetime
    # (theme, kind, fix date, recipient): planning twice inserts nothing new.
    dedupe_key: str = Field(max_length=160, unique=True)


class WeeklyNoteOptIn(SQLModel, table=True):
    """Someone who asked for their private weekly note (a DM; nothing of it reaches a channel)."""

    __tablename__ = "weekly_note_optins"

    person_id: int = Field(foreign_key="people.id", primary_key=True)
    workspace_id: int = Field(foreign_key="workspaces.id", index=True)
    since: datetime


class WeeklyNote(OutboxColumns, table=True):
    """One person's note for one ISO week: sent once, claimed like every outbox row."""

    __tablename__ = "weekly_notes"
    __table_args__ = (UniqueConstraint("person_id", "iso_week", name="uq_weekly_note"),
                      Index("ix_weekly_notes_due", "status", "next_attempt_at"))

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="people.id")
    iso_week: str = Field(max_length=8)
    fire_at: datetime  # the note covers the 7 days before it


class ThemeNotice(OutboxColumns, table=True):
    """What others must hear when a theme moves: its owning channel when it is raised, whoever
    raised it when it is declined, each case's teller when it is fixed. Written in the same
    transaction as the move, sent like every outbox row: nothing is lost on a crash."""

    __tablename__ = "theme_notices"
    __table_args__ = (Index("ix_theme_notices_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    theme_id: int = Field(foreign_key="themes.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=16)  # raised | declined | tell
    case_id: int | None = Field(default=None, foreign_key="cases.id", ondelete="CASCADE")
    recipient: str = Field(max_length=64)  # a channel id (raised) or a user id
    dedupe_key: str = Field(max_length=160, unique=True)
