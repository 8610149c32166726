"""add users phone; drop users fax through a helper that skips it offline

Revision ID: bad0d0c00063
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import migration_helpers  # written beside the project by the test, as galaxy has its own
import sqlalchemy as sa
from alembic import op

revision: str = "bad0d0c00063"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("phone", sa.Text(), nullable=True))
    migration_helpers.drop_column("users", "fax")


def downgrade() -> None:
    migration_helpers.drop_column("users", "phone")
