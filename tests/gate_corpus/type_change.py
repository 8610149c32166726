"""users email as varchar

Revision ID: bad0d0c00005
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "bad0d0c00005"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.alter_column("users", "email", type_=sa.String(320), existing_type=sa.Text())


def downgrade() -> None:
    op.alter_column("users", "email", type_=sa.Text(), existing_type=sa.String(320))
