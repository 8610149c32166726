"""drop pg_trgm, deprecated in 0.3

Revision ID: 900d00000034
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "900d00000034"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

acknowledged = [
    {
        "rule": "drop-extension",
        "table": "pg_trgm",
        "deprecated_in": "0.3",
        "why": "nothing calls similarity() since 0.4",
    },
]


def upgrade() -> None:
    op.execute("DROP EXTENSION pg_trgm")


def downgrade() -> None:
    op.execute("CREATE EXTENSION pg_trgm")
