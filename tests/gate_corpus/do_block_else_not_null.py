"""make users email NOT NULL in the ELSE of a DO block's IF

Revision ID: bad0d0c00043
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad0d0c00043"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        DO $$
        BEGIN
            IF EXISTS (SELECT FROM users WHERE email IS NULL) THEN
                RAISE NOTICE 'users without an email: left nullable';
            ELSIF current_setting('server_version_num')::int < 120000 THEN
                RAISE NOTICE 'too old';
            ELSE
                ALTER TABLE users ALTER COLUMN email SET NOT NULL;
            END IF;
        END
        $$
        """
    )


def downgrade() -> None:
    op.execute("ALTER TABLE users ALTER COLUMN email DROP NOT NULL")
