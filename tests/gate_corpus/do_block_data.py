"""normalise users emails in a DO block: data only

Revision ID: c1ea4add0043
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c1ea4add0043"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        DO $$
        DECLARE
            duplicate record;
        BEGIN
            FOR duplicate IN SELECT id FROM users WHERE email <> lower(email) LOOP
                UPDATE users SET email = lower(email) WHERE id = duplicate.id;
            END LOOP;
            IF NOT FOUND THEN
                INSERT INTO users (account_id, email)
                SELECT id, 'admin@example.com' FROM account WHERE FALSE;
            END IF;
        EXCEPTION
            WHEN unique_violation THEN
                RAISE NOTICE 'duplicate emails left as they are';
        END
        $$
        """
    )


def downgrade() -> None:
    pass  # data, not schema
