"""move users to schema archive

One change, said once: its indexes and its id sequence go along.

Revision ID: bad000000020
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bad000000020"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE SCHEMA archive")
    op.execute("ALTER TABLE users SET SCHEMA archive")


def downgrade() -> None:
    op.execute("ALTER TABLE archive.users SET SCHEMA public")
    op.execute("DROP SCHEMA archive")
