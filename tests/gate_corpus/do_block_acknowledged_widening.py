"""widen users email through EXECUTE format() in a DO block, acknowledged

Revision ID: c1ea4add0046
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c1ea4add0046"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A reviewed widening: acknowledged as usual, wherever it is written.
acknowledged = [
    {
        "rule": "type-change",
        "table": "users",
        "column": "email",
        "why": "text to varchar(320) is checked, not rewritten, on an empty table; reviewed",
    },
]


def upgrade() -> None:
    op.execute(
        """
        DO $$
        BEGIN
            EXECUTE format('ALTER TABLE %I ALTER COLUMN %I TYPE varchar(320)', 'users', 'email');
        END
        $$
        """
    )


def downgrade() -> None:
    op.execute("ALTER TABLE users ALTER COLUMN email TYPE text")
