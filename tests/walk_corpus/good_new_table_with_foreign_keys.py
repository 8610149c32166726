"""create membership: NOT NULL columns, foreign keys to two old tables, its own index

Revision ID: 900d00000003
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "900d00000003"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "membership",
        sa.Column("account_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], name="fk_membership_account"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_membership_user"),
        sa.PrimaryKeyConstraint("id", name="pk_membership"),
    )
    op.create_index("ix_membership_user_id", "membership", ["user_id"])
    op.execute("ALTER TABLE membership ALTER COLUMN role SET NOT NULL")  # its own, new column


def downgrade() -> None:
    op.drop_index("ix_membership_user_id", table_name="membership")
    op.drop_table("membership")
