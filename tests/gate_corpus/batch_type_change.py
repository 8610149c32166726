"""users email as varchar(320), in a batch

Revision ID: a11ed0000008
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a11ed0000008"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.alter_column("email", type_=sa.String(320), existing_type=sa.Text())


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.alter_column("email", type_=sa.Text(), existing_type=sa.String(320))
