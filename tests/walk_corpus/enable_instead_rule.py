"""enable the rule that keeps users' rows: every DELETE of old code silently does nothing

Revision ID: bad000000021
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad000000021"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE users ENABLE RULE users_kept")


def downgrade() -> None:
    op.execute("ALTER TABLE users DISABLE RULE users_kept")
