"""drop the foreign key autogenerate could not name

Revision ID: bad0d0c00035
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "bad0d0c00035"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("referrer_id", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    # As autogenerate writes it for a constraint the models left unnamed: no name.
    op.drop_constraint(None, "users", type_="foreignkey")
    op.drop_column("users", "referrer_id")
