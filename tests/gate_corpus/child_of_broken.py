"""continues a revision that cannot be imported

Revision ID: c1ea4add0041
Revises: bad0d0c00040
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c1ea4add0041"
down_revision: str | Sequence[str] | None = "bad0d0c00040"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("fax", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "fax")
