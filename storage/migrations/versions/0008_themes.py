"""Themes: the outer loop (a problem behind many cases, its fix, and telling every customer).

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

String = sqlmodel.sql.sqltypes.AutoString
Instant = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "themes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("title", String(length=200), nullable=False),
        sa.Column("category", String(length=150), nullable=True),
        sa.Column("state", String(length=16), nullable=False),
        sa.Column("started_by_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("channel_id", String(length=64), nullable=True),
        sa.Column("fix_date", sa.Date(), nullable=True),
        sa.Column("decline_reason", String(), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("created_at", Instant(), nullable=False),
        sa.Column("raised_at", Instant(), nullable=True),
        sa.Column("planned_at", Instant(), nullable=True),
        sa.Column("fixed_at", Instant(), nullable=True),
        sa.Column("told_at", Instant(), nullable=True),
        sa.Column("declined_at", Instant(), nullable=True),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"]),
        sa.ForeignKeyConstraint(["started_by_id"], ["people.id"]),
        sa.ForeignKeyConstraint(["owner_id"], ["people.id"]),
        sa.ForeignKeyConstraint(["merged_into_id"], ["themes.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_themes_workspace_state", "themes", ["workspace_id", "state"])
    op.create_table(
        "theme_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("linked_by_id", sa.Integer(), nullable=False),
        sa.Column("linked_at", Instant(), nullable=False),
        sa.Column("customer_told", String(length=16), nullable=True),
        sa.Column("customer_reaction", String(length=16), nullable=True),
        sa.Column("told_at", Instant(), nullable=True),
        sa.ForeignKeyConstraint(["theme_id"], ["themes.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["linked_by_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", name="uq_theme_case"),
    )
    op.create_index("ix_theme_cases_theme_id", "theme_cases", ["theme_id"])
    op.create_table(
        "theme_channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("category", String(length=150), nullable=False),
        sa.Column("channel_id", String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "category", name="uq_theme_channel"),
    )
    op.create_table(
        "outer_loop_settings",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("follow_up_target_hours", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"]),
        sa.PrimaryKeyConstraint("workspace_id"),
    )
    op.create_table(
        "theme_nudges",
        sa.Column("status", String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lost_leases", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", Instant(), nullable=False),
        sa.Column("outcome_unknown", sa.Boolean(), nullable=False),
        sa.Column("lease_owner", String(length=64), nullable=True),
        sa.Column("lease_expires_at", Instant(), nullable=True),
        sa.Column("channel_id", String(length=64), nullable=True),
        sa.Column("message_ts", String(length=32), nullable=True),
        sa.Column("last_error", String(length=500), nullable=True),
        sa.Column("created_at", Instant(), nullable=False),
        sa.Column("sent_at", Instant(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("kind", String(length=16), nullable=False),
        sa.Column("fix_date", sa.Date(), nullable=False),
        sa.Column("fire_at", Instant(), nullable=False),
        sa.Column("dedupe_key", String(length=160), nullable=False),
        sa.ForeignKeyConstraint(["theme_id"], ["themes.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recipient_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedupe_key"),
    )
    op.create_index("ix_theme_nudges_due", "theme_nudges", ["status", "next_attempt_at"])
    op.create_index("ix_theme_nudges_theme_id", "theme_nudges", ["theme_id"])
    op.create_table(
        "weekly_note_optins",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("since", Instant(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"]),
        sa.PrimaryKeyConstraint("person_id"),
    )
    op.create_index("ix_weekly_note_optins_workspace_id", "weekly_note_optins",
                    ["workspace_id"])
    op.create_table(
        "weekly_notes",
        sa.Column("status", String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lost_leases", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", Instant(), nullable=False),
        sa.Column("outcome_unknown", sa.Boolean(), nullable=False),
        sa.Column("lease_owner", String(length=64), nullable=True),
        sa.Column("lease_expires_at", Instant(), nullable=True),
        sa.Column("channel_id", String(length=64), nullable=True),
        sa.Column("message_ts", String(length=32), nullable=True),
        sa.Column("last_error", String(length=500), nullable=True),
        sa.Column("created_at", Instant(), nullable=False),
        sa.Column("sent_at", Instant(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("iso_week", String(length=8), nullable=False),
        sa.Column("fire_at", Instant(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id", "iso_week", name="uq_weekly_note"),
    )
    op.create_index("ix_weekly_notes_due", "weekly_notes", ["status", "next_attempt_at"])
    op.create_table(
        "theme_notices",
        sa.Column("status", String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lost_leases", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", Instant(), nullable=False),
        sa.Column("outcome_unknown", sa.Boolean(), nullable=False),
        sa.Column("lease_owner", String(length=64), nullable=True),
        sa.Column("lease_expires_at", Instant(), nullable=True),
        sa.Column("channel_id", String(length=64), nullable=True),
        sa.Column("message_ts", String(length=32), nullable=True),
        sa.Column("last_error", String(length=500), nullable=True),
        sa.Column("created_at", Instant(), nullable=False),
        sa.Column("sent_at", Instant(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("kind", String(length=16), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("recipient", String(length=64), nullable=False),
        sa.Column("dedupe_key", String(length=160), nullable=False),
        sa.ForeignKeyConstraint(["theme_id"], ["themes.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedupe_key"),
    )
    op.create_index("ix_theme_notices_due", "theme_notices", ["status", "next_attempt_at"])
    op.create_index("ix_theme_notices_theme_id", "theme_notices", ["theme_id"])


def downgrade() -> None:
    op.drop_index("ix_theme_notices_theme_id", table_name="theme_notices")
    op.drop_index("ix_theme_notices_due", table_name="theme_notices")
    op.drop_table("theme_notices")
    op.drop_index("ix_weekly_notes_due", table_name="weekly_notes")
    op.drop_table("weekly_notes")
    op.drop_index("ix_weekly_note_optins_workspace_id", table_name="weekly_note_optins")
    op.drop_table("weekly_note_optins")
    op.drop_index("ix_theme_nudges_theme_id", table_name="theme_nudges")
    op.drop_index("ix_theme_nudges_due", table_name="theme_nudges")
    op.drop_table("theme_nudges")
    op.drop_table("outer_loop_settings")
    op.drop_table("theme_channels")
    op.drop_index("ix_theme_cases_theme_id", table_name="theme_cases")
    op.drop_table("theme_cases")
    op.drop_index("ix_themes_workspace_state", table_name="themes")
    op.drop_table("themes")
