"""widen what other services use: a looser domain, a function's body and an overload, a
view's new column, an index rebuilt as it was, a bulk load with the triggers off

Revision ID: 900d00000013
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "900d00000013"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER DOMAIN label DROP NOT NULL")
    op.execute(
        "CREATE OR REPLACE FUNCTION user_count() RETURNS bigint LANGUAGE sql "
        "AS 'SELECT count(*) FROM users WHERE deleted_at IS NULL'"
    )
    op.execute(
        "CREATE FUNCTION user_count(account bigint) RETURNS bigint LANGUAGE sql "
        "AS 'SELECT count(*) FROM users WHERE account_id = account'"
    )
    op.execute(
        "CREATE OR REPLACE VIEW reports.user_emails AS SELECT id, email, account_id FROM users"
    )
    with op.get_context().autocommit_block():
        op.execute("CREATE INDEX CONCURRENTLY ix_users_email_new ON users (lower(email))")
        op.execute("DROP INDEX CONCURRENTLY ix_users_email_lower")
        op.execute("ALTER INDEX ix_users_email_new RENAME TO ix_users_email_lower")
    op.execute("ALTER TABLE users DISABLE TRIGGER ALL")
    op.execute("UPDATE users SET email = lower(email)")
    op.execute("ALTER TABLE users ENABLE TRIGGER ALL")


def downgrade() -> None:
    op.execute("DROP VIEW reports.user_emails")
    op.execute("CREATE VIEW reports.user_emails AS SELECT id, email FROM users")
    op.execute("GRANT SELECT ON reports.user_emails TO PUBLIC")
    op.execute("DROP FUNCTION user_count(bigint)")
    op.execute(
        "CREATE OR REPLACE FUNCTION user_count() RETURNS bigint LANGUAGE sql "
        "AS 'SELECT count(*) FROM users'"
    )
    op.execute("ALTER DOMAIN label SET NOT NULL")
