"""change users email type through the driver, online only

Revision ID: bad0d0c00033
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import context, op

revision: str = "bad0d0c00033"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TYPE = "varchar(320)"


def upgrade() -> None:
    if not context.is_offline_mode():
        op.get_bind().exec_driver_sql(f"ALTER TABLE users ALTER COLUMN email TYPE {TYPE}")


def downgrade() -> None:
    if not context.is_offline_mode():
        op.get_bind().exec_driver_sql("ALTER TABLE users ALTER COLUMN email TYPE text")
