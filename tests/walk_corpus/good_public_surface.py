"""add what other services use besides tables: a trigger, functions, a policy with row-level
security, a schema with a view and its grant, a sequence, a domain, an index

Revision ID: 900d00000012
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "900d00000012"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql "
        "AS 'BEGIN NEW.created_at := now(); RETURN NEW; END'"
    )
    op.execute(
        "CREATE TRIGGER users_stamp BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION stamp()"
    )
    op.execute(
        "CREATE FUNCTION user_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM users'"
    )
    op.execute("CREATE POLICY users_all ON users USING (true)")
    op.execute("ALTER TABLE users ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE SCHEMA reports")
    op.execute("CREATE VIEW reports.user_emails AS SELECT id, email FROM users")
    op.execute("GRANT USAGE ON SCHEMA reports TO PUBLIC")
    op.execute("GRANT SELECT ON reports.user_emails TO PUBLIC")
    op.execute("CREATE SEQUENCE ticket AS integer")
    op.execute("CREATE DOMAIN label AS text NOT NULL CHECK (VALUE <> '')")
    op.execute("CREATE INDEX ix_users_email_lower ON users (lower(email))")


def downgrade() -> None:
    op.execute("DROP INDEX ix_users_email_lower")
    op.execute("DROP DOMAIN label")
    op.execute("DROP SEQUENCE ticket")
    op.execute("DROP SCHEMA reports CASCADE")
    op.execute("ALTER TABLE users DISABLE ROW LEVEL SECURITY")
    op.execute("DROP POLICY users_all ON users")
    op.execute("DROP FUNCTION user_count()")
    op.execute("DROP TRIGGER users_stamp ON users")
    op.execute("DROP FUNCTION stamp()")
