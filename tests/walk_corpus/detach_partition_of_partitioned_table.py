"""detach event's January partition: readers of event lose its rows

Revision ID: bad00000001c
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad00000001c"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE event DETACH PARTITION event_2026_01")


def downgrade() -> None:
    op.execute(
        "ALTER TABLE event ATTACH PARTITION event_2026_01 "
        "FOR VALUES FROM ('2026-01-01') TO ('2026-02-01')"
    )
