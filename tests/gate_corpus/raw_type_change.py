"""change users email type through a helper

Revision ID: bad0d0c00027
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad0d0c00027"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _retype(table: str, column: str, type_: str) -> None:
    op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE {type_}")


def upgrade() -> None:
    _retype("users", "email", "varchar(320)")


def downgrade() -> None:
    _retype("users", "email", "text")
