"""lower users emails, read and written online only

Revision ID: c1ea4add0031
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "c1ea4add0031"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # docs/migrations.md's pattern: offline SQL has no rows to read.
    if not context.is_offline_mode():
        connection = op.get_bind()
        rows = connection.execute(sa.text("SELECT id, email FROM users")).fetchall()
        for user_id, email in rows:
            connection.execute(
                sa.text("UPDATE users SET email = :email WHERE id = :id"),
                {"email": email.lower(), "id": user_id},
            )
        op.execute(f"UPDATE users SET updated_at = now() WHERE id = {len(rows)}")
        op.execute("INSERT INTO users (email, account_id) SELECT 'x', id FROM account WHERE false")


def downgrade() -> None:
    pass
