"""count duplicate emails through a scratch table the DO block creates and drops

Revision ID: c1ea4add0045
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c1ea4add0045"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        DO $$
        DECLARE
            duplicates bigint;
        BEGIN
            CREATE TABLE email_check AS SELECT lower(email) AS email FROM users;
            SELECT count(*) - count(DISTINCT email) INTO duplicates FROM email_check;
            RAISE NOTICE '% duplicate emails', duplicates;
            EXECUTE format('DROP TABLE IF EXISTS %I', 'email_check');
        END
        $$
        """
    )


def downgrade() -> None:
    pass  # the scratch table is gone
