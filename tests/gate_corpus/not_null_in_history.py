"""comment users email, writing nullable=False without existing_nullable

Revision ID: a11ed0000006
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a11ed0000006"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# users.email was created NOT NULL: the history says so, though this operation does not.
def upgrade() -> None:
    op.alter_column("users", "email", existing_type=sa.Text(), comment="mail", nullable=False)


def downgrade() -> None:
    op.alter_column("users", "email", existing_type=sa.Text(), comment=None)
