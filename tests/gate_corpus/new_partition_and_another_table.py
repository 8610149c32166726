"""a new partition of event, and a column of users: two tables

Revision ID: 9a4710000002
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9a4710000002"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "DO $$ BEGIN CREATE TABLE event_2026_04 PARTITION OF event "
        "FOR VALUES FROM ('2026-04-01') TO ('2026-05-01'); END $$"
    )
    op.add_column("users", sa.Column("phone", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "phone")
    op.execute("DROP TABLE event_2026_04")
