"""drop table legacy, as declared, its indexes and constraint first (as autogenerate writes)

Revision ID: dec1a4ed0006
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "dec1a4ed0006"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The model declares it deprecated and no longer used; the last release record says so.
acknowledged = [
    {
        "rule": "drop-table",
        "table": "legacy",
        "why": "nothing reads it since 0.2",
    },
]


# Its indexes and constraints go with the table: dropping them first locks nothing the
# table's own drop does not, and squawk's word on them would only repeat drop-table.
def upgrade() -> None:
    op.drop_index(op.f("ix_legacy_name"), table_name="legacy")
    op.drop_constraint("uq_legacy_code", "legacy", type_="unique")
    op.drop_table("legacy")


def downgrade() -> None:
    op.create_table(
        "legacy",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("code", sa.Text(), nullable=True),
        sa.UniqueConstraint("code", name="uq_legacy_code"),
    )
    op.create_index(op.f("ix_legacy_name"), "legacy", ["name"])
