"""create the audit_import table with an index in a DO block

Revision ID: c1ea4add0044
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c1ea4add0044"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        DO $$
        BEGIN
            CREATE TABLE audit_import (id bigint PRIMARY KEY, event text NOT NULL);
            CREATE INDEX ix_audit_import_event ON audit_import (event);
        END
        $$
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE audit_import")
