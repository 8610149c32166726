"""drop users nickname in a loop of a DO block

Revision ID: bad0d0c00045
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "bad0d0c00045"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        DO $$
        DECLARE
            found_column record;
        BEGIN
            FOR found_column IN
                SELECT column_name FROM information_schema.columns
                WHERE table_name = 'users' AND column_name = 'nickname'
            LOOP
                ALTER TABLE users DROP COLUMN nickname;
            END LOOP;
        END
        $$
        """
    )


def downgrade() -> None:
    op.add_column("users", sa.Column("nickname", sa.Text(), nullable=True))
