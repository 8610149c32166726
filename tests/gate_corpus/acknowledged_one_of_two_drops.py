"""drop users nickname (acknowledged) and email (not)

Revision ID: bad0d0c00024
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "bad0d0c00024"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

acknowledged = [
    {
        "rule": "drop-column",
        "table": "users",
        "column": "nickname",
        "deprecated_in": "0.1",
        "why": "replaced by display_name in 0.1; nothing reads it since",
    },
]


def upgrade() -> None:
    op.execute("ALTER TABLE users DROP COLUMN nickname")
    op.execute("ALTER TABLE users DROP COLUMN email")


def downgrade() -> None:
    op.add_column("users", sa.Column("email", sa.Text(), nullable=True))
    op.add_column("users", sa.Column("nickname", sa.Text(), nullable=True))
