"""create legacy, which users refers to

Revision ID: 900d0000000a
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "900d0000000a"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "legacy",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_legacy"),
    )
    op.add_column("users", sa.Column("legacy_id", sa.BigInteger(), nullable=True))
    op.create_foreign_key("fk_users_legacy_id_legacy", "users", "legacy", ["legacy_id"], ["id"])


def downgrade() -> None:
    op.drop_constraint("fk_users_legacy_id_legacy", "users", type_="foreignkey")
    op.drop_column("users", "legacy_id")
    op.drop_table("legacy")
