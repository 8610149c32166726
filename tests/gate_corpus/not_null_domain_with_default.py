"""a NOT NULL column of a domain whose default fills it: the gate leaves a type the
project defines to the walk, and squawk's counting a default as a constraint is dropped

Revision ID: d0ma1ndef001
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "d0ma1ndef001"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE DOMAIN account_tier AS text DEFAULT 'basic'")
    op.execute("ALTER TABLE account ADD COLUMN tier account_tier NOT NULL")


def downgrade() -> None:
    op.drop_column("account", "tier")
    op.execute("DROP DOMAIN account_tier")
