"""rename users email in a branch of a DO block that never runs on an empty database

Revision ID: bad0d0c00041
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad0d0c00041"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "DO $$ BEGIN IF EXISTS (SELECT 1 FROM users) THEN "
        "ALTER TABLE users RENAME COLUMN email TO mail; END IF; END $$"
    )


def downgrade() -> None:
    op.execute(
        "DO $$ BEGIN IF EXISTS (SELECT 1 FROM users) THEN "
        "ALTER TABLE users RENAME COLUMN mail TO email; END IF; END $$"
    )
