"""widen account name to varchar(300), reading it before and after (acknowledged)

Revision ID: 900d00000007
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "900d00000007"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

acknowledged = [
    {
        "rule": "type-change",
        "table": "account",
        "column": "name",
        "deprecated_in": "0.3",
        "why": "names are at most 300 characters since 0.3 (checked by the API)",
    },
]


def upgrade() -> None:
    if not context.is_offline_mode():
        op.get_bind().execute(sa.text("SELECT name FROM account"))
    op.alter_column("account", "name", type_=sa.String(300), existing_nullable=False)
    if not context.is_offline_mode():
        op.get_bind().execute(sa.text("SELECT name FROM account"))


def downgrade() -> None:
    if not context.is_offline_mode():
        op.get_bind().execute(sa.text("SELECT name FROM account"))
    op.alter_column("account", "name", type_=sa.Text(), existing_nullable=False)
    if not context.is_offline_mode():
        op.get_bind().execute(sa.text("SELECT name FROM account"))
