"""users nickname dropped through the connection

Revision ID: a11ed0000005
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a11ed0000005"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# What runs through op.get_bind() is judged like op.execute's SQL.
def upgrade() -> None:
    op.get_bind().execute(sa.text("ALTER TABLE users DROP COLUMN nickname"))


def downgrade() -> None:
    op.add_column("users", sa.Column("nickname", sa.Text(), nullable=True))
