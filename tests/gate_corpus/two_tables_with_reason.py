"""phones for users and accounts, said why

Revision ID: c1ea4add0004
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c1ea4add0004"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

several_tables_because = "the sign-up form writes both phones in one transaction"


def upgrade() -> None:
    op.add_column("users", sa.Column("phone", sa.Text(), nullable=True))
    op.add_column("account", sa.Column("phone", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("account", "phone")
    op.drop_column("users", "phone")
