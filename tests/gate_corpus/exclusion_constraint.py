"""create booking: no two bookings of a room overlap

Revision ID: c1ea4add0014
Revises: 3f2c9b1d4e6a
Create Date: 2026-02-01 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "c1ea4add0014"
down_revision: str | Sequence[str] | None = "3f2c9b1d4e6a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "booking",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("room", sa.Text(), nullable=False),
        sa.Column("during", postgresql.TSTZRANGE(), nullable=False),
    )
    op.create_exclude_constraint(
        "ex_booking_room_during", "booking", ("room", "="), ("during", "&&"), using="gist"
    )


def downgrade() -> None:
    op.drop_constraint("ex_booking_room_during", "booking")
    op.drop_table("booking")
