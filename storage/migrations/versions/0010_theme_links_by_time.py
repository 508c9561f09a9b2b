"""Theme links by the time they were made: a suggestion window counts only the links made since
it began (a case can only be linked after it was logged).

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_theme_cases_linked_at", "theme_cases", ["linked_at"])


def downgrade() -> None:
    op.drop_index("ix_theme_cases_linked_at", table_name="theme_cases")
