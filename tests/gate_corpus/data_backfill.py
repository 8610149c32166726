"""backfill users deleted_at

Revision ID: c1ea4add001a
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c1ea4add001a"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    print("backfilling users.deleted_at")  # the JSON report stays JSON
    op.execute("UPDATE users SET deleted_at = NULL WHERE deleted_at < '2000-01-01'")
    op.execute("ANALYZE users")


def downgrade() -> None:
    pass  # data, not schema
