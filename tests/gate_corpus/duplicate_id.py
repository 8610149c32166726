"""declares the id of an example revision again

Revision ID: fa572fa8023c
Revises: 7ad378002ee7
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "fa572fa8023c"
down_revision: str | Sequence[str] | None = "7ad378002ee7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("account", sa.Column("phone", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("account", "phone")
