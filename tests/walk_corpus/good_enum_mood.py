"""create feeling, with the enum type mood

Revision ID: 900d00000008
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "900d00000008"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feeling",
        sa.Column("mood", sa.Enum("happy", "sad", name="mood"), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_feeling"),
    )


def downgrade() -> None:
    op.drop_table("feeling")
    op.execute("DROP TYPE mood")
