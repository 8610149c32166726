"""fill users.phone through an ORM session; undo it where the column exists

Revision ID: bad0d0c00060
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision: str = "bad0d0c00060"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Both read the database offline, as real histories do (Netflix/dispatch, jupyterhub).
def upgrade() -> None:
    op.add_column("users", sa.Column("phone", sa.Text(), nullable=True))
    session = Session(bind=op.get_bind())
    for user_id in session.scalars(sa.text("SELECT id FROM users")):
        session.execute(sa.text("UPDATE users SET phone = '' WHERE id = :id"), {"id": user_id})


def downgrade() -> None:
    if "phone" in {
        column["name"] for column in sa.inspect(op.get_bind().engine).get_columns("users")
    }:
        op.drop_column("users", "phone")
