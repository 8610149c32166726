"""rename users email inside an async function handed to op.run_async, online only

Revision ID: bad0d0c00037
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.ext.asyncio import AsyncConnection

revision: str = "bad0d0c00037"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    async def rename(connection: AsyncConnection) -> None:
        await connection.execute(sa.text("ALTER TABLE users RENAME COLUMN email TO mail"))

    if not context.is_offline_mode():
        op.run_async(rename)


def downgrade() -> None:
    op.execute("ALTER TABLE users RENAME COLUMN mail TO email")
