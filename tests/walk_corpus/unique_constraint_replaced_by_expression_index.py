"""replace the unique constraint on users.email by a unique index on lower(email)

Revision ID: 0ac40e000003
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0ac40e000003"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Another guarantee: emails differing in case were allowed, and ON CONFLICT (email)
    # no longer finds its target.
    op.execute("CREATE UNIQUE INDEX ux_users_email_lower ON users (lower(email))")
    op.drop_constraint("uq_users_email", "users", type_="unique")


def downgrade() -> None:
    op.create_unique_constraint("uq_users_email", "users", ["email"])
    op.execute("DROP INDEX ux_users_email_lower")
