"""seed the accounts the service needs; the downgrade removes them

Revision ID: 900d00000022
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "900d00000022"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

account = sa.table(
    "account", sa.column("name", sa.Text()), sa.column("deleted_at", sa.DateTime(timezone=True))
)


def upgrade() -> None:
    # deleted_at set: good_check_not_valid's check, validated later, holds for them too
    op.bulk_insert(account, [{"name": "system", "deleted_at": datetime(2026, 1, 1, tzinfo=UTC)}])
    op.execute(sa.text("INSERT INTO account (name, deleted_at) VALUES ('support', now())"))


def downgrade() -> None:
    # A row left behind would be met by the next upgrade (its name is unique).
    op.execute("DELETE FROM account WHERE name IN ('system', 'support')")
