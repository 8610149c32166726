"""rename a label of mood

Revision ID: bad00000000c
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad00000000c"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'")


def downgrade() -> None:
    op.execute("ALTER TYPE mood RENAME VALUE 'blue' TO 'sad'")
