"""drop the reports schema, and its view with it

Revision ID: bad000000015
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad000000015"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DROP SCHEMA reports CASCADE")


def downgrade() -> None:
    op.execute("CREATE SCHEMA reports")
    op.execute("CREATE VIEW reports.user_emails AS SELECT id, email FROM users")
    op.execute("GRANT USAGE ON SCHEMA reports TO PUBLIC")
    op.execute("GRANT SELECT ON reports.user_emails TO PUBLIC")
