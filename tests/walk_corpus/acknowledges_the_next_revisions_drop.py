"""acknowledge the drop of ix_users_account_id, which the next revision does

Revision ID: 0ac40e000001
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0ac40e000001"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

acknowledged = [
    {
        "rule": "drop-index",
        "table": "users",
        "column": "ix_users_account_id",
        "deprecated_in": "0.3",
        "why": "replaced by ix_users_account_id_email",
    },
]


def upgrade() -> None:
    op.add_column("users", sa.Column("phone", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "phone")
