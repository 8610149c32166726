"""two new partitions of event, made and attached: one table, event

Revision ID: 900d0000001d
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "900d0000001d"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "CREATE TABLE public.event_2026_02 PARTITION OF event "
        "FOR VALUES FROM ('2026-02-01') TO ('2026-03-01')"
    )
    op.create_table(
        "event_2026_03",
        sa.Column("at", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
    )
    op.execute(
        "ALTER TABLE event ATTACH PARTITION event_2026_03 "
        "FOR VALUES FROM ('2026-03-01') TO ('2026-04-01')"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE event DETACH PARTITION event_2026_03")
    op.drop_table("event_2026_03")
    op.execute("DROP TABLE event_2026_02")
