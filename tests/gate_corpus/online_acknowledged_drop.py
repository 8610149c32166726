"""drop users nickname online only, deprecated in 0.1

Revision ID: ac4d0d0c0030
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "ac4d0d0c0030"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Reviewed exceptions to the additive-only rule (README: "Acknowledged operations").
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
    if not context.is_offline_mode():
        op.drop_column("users", "nickname")


def downgrade() -> None:
    op.add_column("users", sa.Column("nickname", sa.Text(), nullable=True))
