"""Promises people can own: acceptance by the owner, snoozes that hold, holidays, care line.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("commitments") as batch:
        # Promises logged before this were never asked for: they count as accepted.
        batch.add_column(sa.Column("acceptance", sqlmodel.sql.sqltypes.AutoString(length=16),
                                   nullable=False, server_default="accepted"))
        batch.add_column(sa.Column("decline_reason", sqlmodel.sql.sqltypes.AutoString(),
                                   nullable=False, server_default=""))
        batch.add_column(sa.Column("snoozed_until", sqlmodel.sql.sqltypes.UTCDateTime(),
                                   nullable=True))
    with op.batch_alter_table("workspaces") as batch:
        batch.add_column(sa.Column("holidays", sa.JSON(), nullable=False,
                                   server_default="[]"))
        # A literal default, not sa.true(): SQLite then adds the column in place instead of
        # copying the table, which its foreign keys would refuse once people and cases exist.
        batch.add_column(sa.Column("furious_line", sa.Boolean(), nullable=False,
                                   server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("workspaces") as batch:
        batch.drop_column("furious_line")
        batch.drop_column("holidays")
    with op.batch_alter_table("commitments") as batch:
        batch.drop_column("snoozed_until")
        batch.drop_column("decline_reason")
        batch.drop_column("acceptance")
