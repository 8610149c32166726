"""sort users.email byte by byte: the same type, another collation

Revision ID: bad00000001e
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad00000001e"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "DO $$ DECLARE c text := 'C'; BEGIN EXECUTE format("
        "'ALTER TABLE users ALTER COLUMN email TYPE text COLLATE %I', c); END $$"
    )


def downgrade() -> None:
    op.execute('ALTER TABLE users ALTER COLUMN email TYPE text COLLATE "default"')
