"""change users email's type in a branch of a procedure the revision defines and calls

Revision ID: bad0d0c0004a
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad0d0c0004a"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        CREATE PROCEDURE shorten_emails(longest integer) LANGUAGE plpgsql AS $body$
        BEGIN
            IF longest <= 320 THEN
                ALTER TABLE users ALTER COLUMN email TYPE varchar(320);
            END IF;
        END
        $body$
        """
    )
    op.execute("CALL shorten_emails((SELECT max(length(email)) FROM users))")
    op.execute("DROP PROCEDURE shorten_emails(integer)")


def downgrade() -> None:
    op.execute("ALTER TABLE users ALTER COLUMN email TYPE text")
