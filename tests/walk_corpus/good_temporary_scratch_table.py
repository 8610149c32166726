"""fill account city through a temporary table

Revision ID: 900d00000006
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "900d00000006"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE TEMPORARY TABLE scratch AS SELECT id, 'unknown' AS city FROM account")
    op.execute("UPDATE account SET city = scratch.city FROM scratch WHERE account.id = scratch.id")


def downgrade() -> None:
    op.execute("CREATE TEMPORARY TABLE scratch AS SELECT id FROM account WHERE city IS NULL")
    op.execute("UPDATE account SET city = NULL FROM scratch WHERE account.id = scratch.id")
