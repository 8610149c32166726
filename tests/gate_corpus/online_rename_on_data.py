"""rename users email and account, online when users has rows

Revision ID: bad0d0c00030
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "bad0d0c00030"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if not context.is_offline_mode():  # noqa: SIM102 (as such revisions are written)
        if op.get_bind().execute(sa.text("SELECT count(*) FROM users")).scalar():
            op.alter_column("users", "email", new_column_name="mail")
            op.execute("ALTER TABLE account RENAME TO accounts")


def downgrade() -> None:
    if not context.is_offline_mode():  # noqa: SIM102 (as such revisions are written)
        if op.get_bind().execute(sa.text("SELECT count(*) FROM users")).scalar():
            op.execute("ALTER TABLE accounts RENAME TO account")
            op.alter_column("users", "mail", new_column_name="email")
