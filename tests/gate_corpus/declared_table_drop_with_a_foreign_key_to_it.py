"""drop table legacy, as declared, and first the foreign key users has to it

Revision ID: dec1a4ed0007
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "dec1a4ed0007"
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


# The foreign key goes with the table it points to (the downgrade, making it again, says
# where it points): users is not a second table changed, as on the walk.
def upgrade() -> None:
    op.drop_constraint("fk_users_legacy_id_legacy", "users", type_="foreignkey")
    op.drop_table("legacy")


def downgrade() -> None:
    op.create_table("legacy", sa.Column("id", sa.BigInteger(), primary_key=True))
    op.create_foreign_key("fk_users_legacy_id_legacy", "users", "legacy", ["legacy_id"], ["id"])
