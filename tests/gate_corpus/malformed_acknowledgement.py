"""rename users email, "acknowledged"

Revision ID: bad0d0c00010
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad0d0c00010"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Renames can never be acknowledged, and every entry says why.
acknowledged = [
    {"rule": "rename-column", "table": "users", "column": "email", "deprecated_in": "0.1"},
]


def upgrade() -> None:
    op.alter_column("users", "email", new_column_name="email_address")


def downgrade() -> None:
    op.alter_column("users", "email_address", new_column_name="email")
