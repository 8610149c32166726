"""make a view of users, an enum and a domain with a check

Revision ID: 900d00000010
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "900d00000010"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE VIEW user_emails AS SELECT email FROM users")
    op.execute("CREATE TYPE shade AS ENUM ('light', 'dark')")
    op.execute("CREATE DOMAIN positive AS integer CONSTRAINT positive_check CHECK (VALUE > 0)")


def downgrade() -> None:
    op.execute("DROP VIEW user_emails")
    op.execute("DROP TYPE shade")
    op.execute("DROP DOMAIN positive")
