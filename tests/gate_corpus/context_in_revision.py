"""uses the migration context as alembic --sql allows

Revision ID: c1ea4add0010
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import context, op

revision: str = "c1ea4add0010"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    assert op.get_context().config is not None
    assert context.get_context().as_sql == context.is_offline_mode()
    context.execute("COMMENT ON COLUMN users.email IS 'where we write'")


def downgrade() -> None:
    context.execute("COMMENT ON COLUMN users.email IS NULL")
