"""a rule to keep users' rows, made disabled: it changes nothing until a revision enables it

Revision ID: 900d00000032
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "900d00000032"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE RULE users_kept AS ON DELETE TO users DO INSTEAD NOTHING")
    op.execute("ALTER TABLE users DISABLE RULE users_kept")


def downgrade() -> None:
    op.execute("DROP RULE users_kept ON users")
