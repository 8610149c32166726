"""validate users email not null check

Revision ID: c1ea4add0015
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c1ea4add0015"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE users VALIDATE CONSTRAINT ck_users_email_not_null")


def downgrade() -> None:
    pass  # validating leaves nothing to undo
