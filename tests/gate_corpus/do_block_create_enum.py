"""create the mood enum if it does not exist yet, in a DO block

Revision ID: c1ea4add0042
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c1ea4add0042"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_type WHERE typname = 'mood') THEN
                CREATE TYPE mood AS ENUM ('a', 'b');
            END IF;
        END
        $$
        """
    )


def downgrade() -> None:
    op.execute("DROP TYPE IF EXISTS mood")
