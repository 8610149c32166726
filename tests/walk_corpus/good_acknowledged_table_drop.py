"""drop legacy, deprecated two releases ago, and the foreign key to it

Revision ID: 900d0000000b
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "900d0000000b"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


acknowledged = [
    {
        "rule": "drop-table",
        "table": "legacy",
        "deprecated_in": "0.3",
        "why": "nothing reads legacy since 0.3",
    },
]


def upgrade() -> None:
    op.drop_constraint("fk_users_legacy_id_legacy", "users", type_="foreignkey")
    op.drop_table("legacy")


def downgrade() -> None:
    op.create_table(
        "legacy",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_legacy"),
    )
    op.create_foreign_key("fk_users_legacy_id_legacy", "users", "legacy", ["legacy_id"], ["id"])
