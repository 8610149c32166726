"""drop the table audit.trail in raw SQL, as declared: outside public, named schema.table

Revision ID: dec1a4ed0011
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "dec1a4ed0011"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The model (schema "audit") declares it deprecated; the last release record says so.
acknowledged = [
    {
        "rule": "drop-table",
        "table": "audit.trail",
        "why": "nothing reads it since 0.2",
    },
]


def upgrade() -> None:
    op.execute(sa.text('DROP TABLE "audit".trail'))


def downgrade() -> None:
    op.create_table("trail", sa.Column("id", sa.BigInteger(), primary_key=True), schema="audit")
