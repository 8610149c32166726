"""comment users email, restating that it stays NOT NULL

Revision ID: a11ed0000003
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a11ed0000003"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# NOT NULL already and still: the SET NOT NULL Alembic renders for it changes nothing.
def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column(
            "email",
            existing_type=sa.Text(),
            comment="where the account's mail goes",
            existing_nullable=False,
            nullable=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column(
            "email",
            existing_type=sa.Text(),
            comment=None,
            existing_comment="where the account's mail goes",
            existing_nullable=False,
        )
