"""account plan may be 'team' too: the CHECK's list only grows

Revision ID: 900d0000a002
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "900d0000a002"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# What old releases write still passes, as with an enum label added (phoenix, langflow).
def upgrade() -> None:
    op.execute(
        "ALTER TABLE account DROP CONSTRAINT ck_account_plan, ADD CONSTRAINT ck_account_plan "
        "CHECK (plan IN ('free', 'pro', 'team'))"
    )


def downgrade() -> None:
    op.execute(
        "ALTER TABLE account DROP CONSTRAINT ck_account_plan, ADD CONSTRAINT ck_account_plan "
        "CHECK (plan IN ('free', 'pro'))"
    )
