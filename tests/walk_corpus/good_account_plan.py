"""account plan, one of a list a CHECK keeps

Revision ID: 900d0000a001
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "900d0000a001"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE account ADD COLUMN plan text "
        "CONSTRAINT ck_account_plan CHECK (plan IN ('free', 'pro'))"
    )


def downgrade() -> None:
    op.drop_column("account", "plan")
