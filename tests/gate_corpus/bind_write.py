"""users phone, filled through the connection

Revision ID: a11ed0000004
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a11ed0000004"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Offline, the UPDATE is written into the SQL, as `alembic upgrade --sql` writes it; only
# reading rows would need a database.
def upgrade() -> None:
    op.add_column("users", sa.Column("phone", sa.Text(), nullable=True))
    op.get_bind().execute(sa.text("UPDATE users SET phone = '' WHERE phone IS NULL"))


def downgrade() -> None:
    op.drop_column("users", "phone")
