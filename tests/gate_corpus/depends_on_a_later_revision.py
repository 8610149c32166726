"""depend on a revision that is not earlier in the line

Revision ID: bad0d0c00034
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "bad0d0c00034"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = "c1ea4add0041"


def upgrade() -> None:
    op.add_column("users", sa.Column("fax", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "fax")
