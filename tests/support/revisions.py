"""Revision files written by tests into a baked project's history."""

import textwrap
from pathlib import Path

TEMPLATE = '''"""{message}

Revision ID: {revision}
Revises: {down_revision}
Create Date: 2030-01-01 00:00:00.000000+00:00
"""

import sqlalchemy as sa
from alembic import op

revision = {revision!r}
down_revision = {down_revision!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
{upgrade}


def downgrade() -> None:
{downgrade}
'''


def write_revision(
    project: Path,
    revision: str,
    down_revision: str | None,
    upgrade: str,
    downgrade: str,
    message: str = "planted",
) -> Path:
    """Write a revision named by alembic.ini's dated pattern; `upgrade` and `downgrade` are
    function bodies, indented or not."""
    body = {
        name: textwrap.indent(textwrap.dedent(code), "    ")
        for name, code in (("upgrade", upgrade), ("downgrade", downgrade))
    }
    slug = message.replace(" ", "_")
    path = project / "migrations" / "versions" / f"2030_01_01_0000_{revision}_{slug}.py"
    path.write_text(
        TEMPLATE.format(message=message, revision=revision, down_revision=down_revision, **body)
    )
    return path
