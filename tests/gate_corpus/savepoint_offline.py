"""index users.email inside a savepoint, going on without it if it fails

Revision ID: bad0d0c00062
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "bad0d0c00062"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# A savepoint needs a connection, which offline SQL has not (open-webui does this).
def upgrade() -> None:
    try:
        with op.get_bind().begin_nested():
            op.create_index("ix_users_email_lower", "users", [sa.text("lower(email)")])
    except sa.exc.DBAPIError:
        pass


def downgrade() -> None:
    op.drop_index("ix_users_email_lower", table_name="users", if_exists=True)
