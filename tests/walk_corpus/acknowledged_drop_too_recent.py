"""drop users deleted_at, deprecated one release ago

Revision ID: bad000000008
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "bad000000008"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

acknowledged = [
    {
        "rule": "drop-column",
        "table": "users",
        "column": "deleted_at",
        "deprecated_in": "0.4",
        "why": "soft delete moved to an archive table in 0.4",
    },
]


def upgrade() -> None:
    op.drop_column("users", "deleted_at")


def downgrade() -> None:
    op.add_column("users", sa.Column("deleted_at", sa.DateTime(timezone=True)))
