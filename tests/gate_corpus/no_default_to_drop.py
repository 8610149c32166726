"""users deleted_at without a default, which it never had

Revision ID: a11ed0000009
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a11ed0000009"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# users.deleted_at was created without a default: the history says so; there is nothing
# for the release still serving to lose.
def upgrade() -> None:
    op.alter_column(
        "users", "deleted_at", existing_type=sa.DateTime(timezone=True), server_default=None
    )


def downgrade() -> None:
    # as the upgrade left it: without a default
    op.alter_column(
        "users", "deleted_at", existing_type=sa.DateTime(timezone=True), server_default=None
    )
