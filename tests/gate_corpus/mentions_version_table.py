"""index users email, a comment naming alembic_version

Revision ID: bad0d0c00023
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad0d0c00023"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("/* not in alembic_version's table */ CREATE INDEX ix_users_email2 ON users (email)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_users_email2")
