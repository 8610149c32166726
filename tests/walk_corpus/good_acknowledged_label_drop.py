"""remove the label calm of mood, deprecated two releases ago

Revision ID: 900d0000000f
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "900d0000000f"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

acknowledged = [
    {
        "rule": "drop-enum-label",
        "table": "mood",
        "column": "calm",
        "deprecated_in": "0.3",
        "why": "no release writes calm since 0.3, and no row holds it",
    },
]


def upgrade() -> None:
    op.execute("ALTER TYPE mood RENAME TO mood_old")
    op.execute("CREATE TYPE mood AS ENUM ('happy', 'sad')")
    op.execute("ALTER TABLE feeling ALTER COLUMN mood TYPE mood USING mood::text::mood")
    op.execute("DROP TYPE mood_old")


def downgrade() -> None:
    op.execute("ALTER TYPE mood RENAME TO mood_old")
    op.execute("CREATE TYPE mood AS ENUM ('happy', 'sad', 'calm')")
    op.execute("ALTER TABLE feeling ALTER COLUMN mood TYPE mood USING mood::text::mood")
    op.execute("DROP TYPE mood_old")
