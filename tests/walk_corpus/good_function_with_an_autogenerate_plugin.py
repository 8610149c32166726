"""create a function, with a library that adds to autogenerate loaded

Revision ID: 900d00000030
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence
from typing import Any

from alembic import op
from alembic.autogenerate import comparators

revision: str = "900d00000030"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# What importing alembic_utils (PGFunction, PGTrigger...) does: a comparator of its own,
# which reads an option env.py's context.configure always sets; the walk's drift check
# runs every registered comparator.
@comparators.dispatch_for("schema")
def compare_registered_entities(context: Any, upgrade_ops: Any, schemas: Any) -> None:
    context.opts["include_schemas"]


def upgrade() -> None:
    op.execute("CREATE FUNCTION plugin_probe() RETURNS bigint LANGUAGE sql AS 'SELECT 1::bigint'")


def downgrade() -> None:
    op.execute("DROP FUNCTION plugin_probe()")
