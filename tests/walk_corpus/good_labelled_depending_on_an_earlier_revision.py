"""add users phone, labelled, depending on a revision earlier in the line

Revision ID: 900d0000001e
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "900d0000001e"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
# A label names a revision of the line; a dependency on an earlier one says what the
# line says already: still one line.
branch_labels: str | Sequence[str] | None = ("phone_numbers",)
depends_on: str | Sequence[str] | None = ("fa572fa8023c", "7ad378002ee7")


def upgrade() -> None:
    op.add_column("users", sa.Column("phone", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "phone")
