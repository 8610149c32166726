"""widen account name, reviewed

Revision ID: c1ea4add0018
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c1ea4add0018"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A reviewed widening: it needs the acknowledgement, not an age in releases.
acknowledged = [
    {
        "rule": "type-change",
        "table": "account",
        "column": "name",
        "why": "varchar(100) to text rewrites nothing in PostgreSQL; reviewed",
    },
]


def upgrade() -> None:
    op.alter_column("account", "name", type_=sa.Text(), existing_type=sa.String(100))


def downgrade() -> None:
    op.alter_column("account", "name", type_=sa.String(100), existing_type=sa.Text())
