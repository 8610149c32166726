"""and back: a unique constraint on users.email in place of the unique index

Revision ID: 900d00000021
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "900d00000021"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE (email)")
    op.execute("DROP INDEX ux_users_email")


def downgrade() -> None:
    op.execute("CREATE UNIQUE INDEX ux_users_email ON users (email)")
    op.execute("ALTER TABLE users DROP CONSTRAINT uq_users_email")
