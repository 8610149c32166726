"""account.created_at's default replaced in two statements, dropped and then given again:
the revision commits both at once, so every insert of the release still serving gets a value

Revision ID: 900d00000040
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "900d00000040"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE account ALTER COLUMN created_at DROP DEFAULT")
    op.execute("ALTER TABLE account ALTER COLUMN created_at SET DEFAULT clock_timestamp()")


def downgrade() -> None:
    op.execute("ALTER TABLE account ALTER COLUMN created_at SET DEFAULT now()")
