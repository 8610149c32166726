"""create audit.trail, outside public, with an index

Revision ID: 900d0000001b
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "900d0000001b"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE SCHEMA audit")
    op.create_table(
        "trail",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        schema="audit",
    )
    op.create_index("ix_trail_at", "trail", ["at"], schema="audit")


def downgrade() -> None:
    op.drop_table("trail", schema="audit")
    op.execute("DROP SCHEMA audit")
