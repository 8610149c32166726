"""replace the unique constraint on users.email by a unique index built concurrently

Revision ID: 900d00000020
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "900d00000020"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The same guarantee to readers (and ON CONFLICT (email) the same target): no drop.
    with op.get_context().autocommit_block():
        op.create_index(
            "ux_users_email",
            "users",
            ["email"],
            unique=True,
            postgresql_concurrently=True,
            if_not_exists=True,
        )
    op.drop_constraint("uq_users_email", "users", type_="unique")


def downgrade() -> None:
    op.create_unique_constraint("uq_users_email", "users", ["email"])
    op.drop_index("ux_users_email", table_name="users")
