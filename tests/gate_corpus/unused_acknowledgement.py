"""acknowledge what never happens

Revision ID: ac4d0d0c0002
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "ac4d0d0c0002"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

acknowledged = [
    {
        "rule": "drop-column",
        "table": "users",
        "column": "nickname",
        "deprecated_in": "0.1",
        "why": "a stale entry: the drop moved to another revision",
    },
]


def upgrade() -> None:
    op.add_column("users", sa.Column("phone", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "phone")
