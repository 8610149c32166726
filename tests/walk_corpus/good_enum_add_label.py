"""add the label 'calm' to mood (the docs' recipe)

Revision ID: 900d00000009
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "900d00000009"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Additive: every row and every running release keeps the labels it knows.
    op.execute("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'calm'")


def downgrade() -> None:
    # PostgreSQL cannot remove a label: make the type again without it. While a row still
    # holds 'calm' this fails and changes nothing; decide what those rows become first.
    op.execute("ALTER TYPE mood RENAME TO mood_old")
    op.execute("CREATE TYPE mood AS ENUM ('happy', 'sad')")
    op.execute("ALTER TABLE feeling ALTER COLUMN mood TYPE mood USING mood::text::mood")
    op.execute("DROP TYPE mood_old")
