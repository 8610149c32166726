"""rename a constraint

Revision ID: bad00000000a
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad00000000a"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE users RENAME CONSTRAINT uq_users_email TO uq_users_mail")


def downgrade() -> None:
    op.execute("ALTER TABLE users RENAME CONSTRAINT uq_users_mail TO uq_users_email")
