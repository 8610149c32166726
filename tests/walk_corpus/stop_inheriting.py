"""stop account_archive inheriting account: readers of account lose the archived rows

Revision ID: bad000000023
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad000000023"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE account_archive NO INHERIT account")


def downgrade() -> None:
    op.execute("ALTER TABLE account_archive INHERIT account")
