"""a NOT NULL column of the enum type mood added to account with no default: the gate
cannot read what a type the project defines supplies, the catalog shows it supplies
nothing, so every insert of the release still serving fails

Revision ID: 0ad000000050
Revises: 900d00000008
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0ad000000050"
down_revision: str | Sequence[str] | None = "900d00000008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE account ADD COLUMN mood mood NOT NULL")


def downgrade() -> None:
    op.drop_column("account", "mood")
