"""widen users.title from varchar(20) to varchar(80), reviewed

Revision ID: 57e1e0000002
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "57e1e0000002"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A wider varchar rewrites nothing; squawk's prefer-text-field is advice, not a refusal.
acknowledged = [
    {
        "rule": "type-change",
        "table": "users",
        "column": "title",
        "why": "varchar(20) to varchar(80) rewrites nothing; reviewed",
    },
]


def upgrade() -> None:
    op.alter_column("users", "title", type_=sa.String(80), existing_type=sa.String(20))
    op.execute("ALTER TABLE users ALTER COLUMN title TYPE varchar(80)")


def downgrade() -> None:
    op.alter_column("users", "title", type_=sa.String(20), existing_type=sa.String(80))
