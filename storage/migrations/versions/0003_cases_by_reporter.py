"""Cases by reporter: App Home lists a person's latest cases; without this index it read them all.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_cases_reporter_created", "cases", ["reporter_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_cases_reporter_created", table_name="cases")
