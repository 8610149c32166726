"""rename users email through EXECUTE of a variable its DECLARE sets, in a DO block

Revision ID: bad0d0c00049
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad0d0c00049"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        DO $$
        DECLARE
            statement text := 'ALTER TABLE users RENAME COLUMN email TO ' || 'mail';
        BEGIN
            IF current_date > '2027-01-01' THEN
                EXECUTE statement;
            END IF;
        END
        $$
        """
    )


def downgrade() -> None:
    op.execute("ALTER TABLE users RENAME COLUMN mail TO email")
