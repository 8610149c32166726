"""drop audit.trail's note and its index on at, both acknowledged as schema.table

Revision ID: 900d0000001c
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "900d0000001c"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Outside public a table is named schema.table, as the model's declaration names it.
acknowledged = [
    {
        "rule": "drop-column",
        "table": "audit.trail",
        "column": "note",
        "why": "nothing reads it since 0.4",
    },
    {
        "rule": "drop-index",
        "table": "audit.trail",
        "column": "ix_trail_at",
        "deprecated_in": "0.3",
        "why": "no query filters on at since 0.3",
    },
]


def upgrade() -> None:
    op.drop_column("trail", "note", schema="audit")
    op.execute("DROP INDEX audit.ix_trail_at")


def downgrade() -> None:
    op.create_index("ix_trail_at", "trail", ["at"], schema="audit")
    op.add_column("trail", sa.Column("note", sa.Text(), nullable=True), schema="audit")
