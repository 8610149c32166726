"""account plan may no longer be 'pro': the CHECK's list shrinks

Revision ID: bad0000a0001
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad0000a0001"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Old releases still write 'pro': refused, unlike a list that grows.
def upgrade() -> None:
    op.execute(
        "ALTER TABLE account DROP CONSTRAINT ck_account_plan, ADD CONSTRAINT ck_account_plan "
        "CHECK (plan IN ('free'))"
    )


def downgrade() -> None:
    op.execute(
        "ALTER TABLE account DROP CONSTRAINT ck_account_plan, ADD CONSTRAINT ck_account_plan "
        "CHECK (plan IN ('free', 'pro'))"
    )
