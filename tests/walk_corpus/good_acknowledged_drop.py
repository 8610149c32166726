"""drop users nickname, deprecated two releases ago (its index goes with it)

Revision ID: 900d00000002
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "900d00000002"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

acknowledged = [
    {
        "rule": "drop-column",
        "table": "users",
        "column": "nickname",
        "deprecated_in": "0.3",
        "why": "replaced by display_name in 0.3; nothing reads it since 0.4",
    },
]


def upgrade() -> None:
    op.drop_column("users", "nickname")


def downgrade() -> None:
    op.add_column("users", sa.Column("nickname", sa.Text(), nullable=True))
    op.create_index("ix_users_email_nickname", "users", ["email", "nickname"])
