"""validate the checks of account (the docs' second step): nothing to undo

Revision ID: 900d00000019
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "900d00000019"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # PostgreSQL cannot un-validate a constraint, and a validated one proves only what
    # it says: the downgrade leaves it validated.
    op.execute(sa.text("ALTER TABLE account VALIDATE CONSTRAINT ck_account_deleted_at_set"))
    op.execute("ALTER TABLE ONLY account VALIDATE CONSTRAINT ck_account_name_set")


def downgrade() -> None:
    pass
