"""account.deleted_at NOT NULL, proven by its validated check (the docs' last step)

Revision ID: 900d0000001a
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "900d0000001a"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

acknowledged = [
    {
        "rule": "set-not-null",
        "table": "account",
        "column": "deleted_at",
        "why": "ck_account_deleted_at_set, validated, proves it: no scan under the lock",
    },
]


def upgrade() -> None:
    op.alter_column(
        "account", "deleted_at", existing_type=sa.DateTime(timezone=True), nullable=False
    )


def downgrade() -> None:
    op.alter_column(
        "account", "deleted_at", existing_type=sa.DateTime(timezone=True), nullable=True
    )
