"""add deleted_at to account

The example Account became soft-deletable after 7ad378002ee7 was published. A published
revision is never edited: projects have applied it, and their databases would no longer
match their history. The column arrives here instead. Some projects were baked while
7ad378002ee7 briefly created the column itself, so the column is added only if missing.

Revision ID: 3f2c9b1d4e6a
Revises: fa572fa8023c
Create Date: 2026-12-06 22:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3f2c9b1d4e6a"
down_revision: str | Sequence[str] | None = "fa572fa8023c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "account",
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        if_not_exists=True,
    )


def downgrade() -> None:
    op.drop_column("account", "deleted_at", if_exists=True)
