"""keep users' rows: every DELETE of old code silently does nothing

Revision ID: bad00000001d
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad00000001d"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE RULE users_keep AS ON DELETE TO users DO INSTEAD NOTHING")


def downgrade() -> None:
    op.execute("DROP RULE users_keep ON users")
