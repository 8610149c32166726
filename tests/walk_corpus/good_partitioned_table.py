"""create event, partitioned by month

Revision ID: 900d0000000c
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "900d0000000c"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE TABLE event (at date NOT NULL, note text) PARTITION BY RANGE (at)")
    op.execute(
        "CREATE TABLE event_2026_01 PARTITION OF event "
        "FOR VALUES FROM ('2026-01-01') TO ('2026-02-01')"
    )
    op.execute("CREATE INDEX ix_event_at ON event (at)")


def downgrade() -> None:
    op.execute("DROP TABLE event")
