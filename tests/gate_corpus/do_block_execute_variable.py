"""run a statement held in a variable in a DO block

Revision ID: bad0d0c00048
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "bad0d0c00048"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        DO $$
        DECLARE
            statement text;
        BEGIN
            SELECT 'ALTER TABLE users DROP COLUMN nickname' INTO statement;
            EXECUTE statement;
        END
        $$
        """
    )


def downgrade() -> None:
    op.add_column("users", sa.Column("nickname", sa.Text(), nullable=True))
