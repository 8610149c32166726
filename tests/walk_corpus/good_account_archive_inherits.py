"""an archive of accounts that inherits account: reads of account see its rows too

Revision ID: 900d00000036
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "900d00000036"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE TABLE account_archive () INHERITS (account)")


def downgrade() -> None:
    op.execute("DROP TABLE account_archive")
