"""Append a chain of small synthetic revisions to a baked project's history.

Every third revision creates a table, the next adds a column to it, the next indexes that
column: the everyday shape of a long-lived history. Each downgrade is the exact reverse,
and a model module declares the same tables, so the chain passes every migration test.
"""

import sys
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

REVISION = '''"""synthetic {number}

Revision ID: {revision}
Revises: {down_revision}
Create Date: 2030-01-01 00:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = {revision!r}
down_revision: str | Sequence[str] | None = {down_revision!r}
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    {upgrade}


def downgrade() -> None:
    {downgrade}
'''


def operations(number: int) -> tuple[str, str]:
    table = f"synthetic_{number - number % 3}"
    match number % 3:
        case 0:
            return (
                f'op.create_table({table!r}, sa.Column("id", sa.BigInteger(), '
                f"sa.Identity(), primary_key=True))",
                f"op.drop_table({table!r})",
            )
        case 1:
            return (
                f'op.add_column({table!r}, sa.Column("label", sa.Text(), nullable=True))',
                f'op.drop_column({table!r}, "label")',
            )
        case _:
            index = f"ix_{table}_label"
            return (
                f'op.create_index({index!r}, {table!r}, ["label"])',
                f"op.drop_index({index!r}, table_name={table!r})",
            )


MODELS = """\"\"\"The tables of the synthetic revisions (bench/synthetic.py).\"\"\"

from sqlalchemy import BigInteger, Column, Identity, Index, Table, Text

from {slug}.db import Base

for number in range(0, {count}, 3):
    table = Table(
        f"synthetic_{{number}}",
        Base.metadata,
        Column("id", BigInteger(), Identity(), primary_key=True),
    )
    if number + 1 < {count}:
        table.append_column(Column("label", Text(), nullable=True))
    if number + 2 < {count}:
        Index(f"ix_synthetic_{{number}}_label", table.c.label)
"""


def append_revisions(project: Path, count: int, first: int = 0) -> list[str]:
    """Write `count` revisions after the project's current head, numbered from `first`
    (the number of synthetic revisions it has already); returns their ids."""
    config = Config(project / "alembic.ini")
    script = ScriptDirectory.from_config(config)
    down_revision = script.get_current_head()
    versions = Path(script.versions)
    written = []
    for number in range(first, first + count):
        revision = f"5e{number:010d}"
        upgrade, downgrade = operations(number)
        text = REVISION.format(
            number=number,
            revision=revision,
            down_revision=down_revision,
            upgrade=upgrade,
            downgrade=downgrade,
        )
        (versions / f"2030_01_01_0000_{revision}_synthetic_{number}.py").write_text(text)
        down_revision = revision
        written.append(revision)
    (slug,) = (path.name for path in (project / "src").iterdir() if path.is_dir())
    models = project / "src" / slug / "models" / "synthetic.py"
    models.write_text(MODELS.format(slug=slug, count=first + count))
    return written


if __name__ == "__main__":
    append_revisions(Path(sys.argv[1]), int(sys.argv[2]))
