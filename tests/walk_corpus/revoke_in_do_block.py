"""stop PUBLIC reading the reports view, in a DO block

Revision ID: bad000000017
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad000000017"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "DO $$ BEGIN EXECUTE format('REVOKE SELECT ON %s FROM PUBLIC', "
        "'reports.user_emails'); END $$"
    )


def downgrade() -> None:
    op.execute("GRANT SELECT ON reports.user_emails TO PUBLIC")
