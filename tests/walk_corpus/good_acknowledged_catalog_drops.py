"""drop a view, a type, a domain's check and a unique constraint, each acknowledged

Revision ID: 900d00000011
Revises: 3f2c9b1d4e6a
Create Date: 2026-03-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "900d00000011"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# One shape: "table" the table, or the view or type itself; "column" what is in it.
acknowledged = [
    {"rule": "drop-view", "table": "user_emails", "deprecated_in": "0.3", "why": "unread"},
    {"rule": "drop-type", "table": "shade", "deprecated_in": "0.3", "why": "unused"},
    {
        "rule": "drop-constraint",
        "table": "positive",
        "column": "positive_check",
        "deprecated_in": "0.3",
        "why": "zero is allowed since 0.3",
    },
    {
        "rule": "drop-constraint",
        "table": "users",
        "column": "uq_users_email",
        "deprecated_in": "0.3",
        "why": "emails are unique per account since 0.3",
    },
]


def upgrade() -> None:
    op.execute("DROP VIEW user_emails")
    op.execute("DROP TYPE shade")
    op.execute("ALTER DOMAIN positive DROP CONSTRAINT positive_check")
    op.drop_constraint("uq_users_email", "users", type_="unique")


def downgrade() -> None:
    op.create_unique_constraint("uq_users_email", "users", ["email"])
    op.execute("ALTER DOMAIN positive ADD CONSTRAINT positive_check CHECK (VALUE > 0)")
    op.execute("CREATE TYPE shade AS ENUM ('light', 'dark')")
    op.execute("CREATE VIEW user_emails AS SELECT email FROM users")
