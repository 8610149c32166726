"""check account.deleted_at is set, NOT VALID: the first step of NOT NULL the safe way

Revision ID: 900d00000018
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "900d00000018"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # NOT VALID: existing rows are not scanned under the lock, only new ones are checked.
    op.create_check_constraint(
        op.f("ck_account_deleted_at_set"),
        "account",
        "deleted_at IS NOT NULL",
        postgresql_not_valid=True,
    )
    op.execute(
        "ALTER TABLE account ADD CONSTRAINT ck_account_name_set CHECK (name <> '') NOT VALID"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE account DROP CONSTRAINT ck_account_name_set")
    op.drop_constraint(op.f("ck_account_deleted_at_set"), "account", type_="check")
