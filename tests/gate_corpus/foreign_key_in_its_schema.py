"""a ledger's account, in the billing schema

Revision ID: f0e1d2c3b4a5
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f0e1d2c3b4a5"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # One table, billing.ledger: the foreign key's schema is one of its options.
    op.add_column(
        "ledger", sa.Column("account_id", sa.BigInteger(), nullable=True), schema="billing"
    )
    op.create_foreign_key(
        "fk_ledger_account_id",
        "ledger",
        "account",
        ["account_id"],
        ["id"],
        source_schema="billing",
        referent_schema="public",
        postgresql_not_valid=True,
    )


def downgrade() -> None:
    op.drop_constraint("fk_ledger_account_id", "ledger", schema="billing", type_="foreignkey")
    op.drop_column("ledger", "account_id", schema="billing")
