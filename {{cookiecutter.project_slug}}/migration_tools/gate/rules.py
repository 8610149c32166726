"""The gate's rules: stable ids, what each one guards against, and the safe way instead.

The ids are part of the project's vocabulary (README, CI annotations, acknowledgements):
never rename one; retire it and add a new id instead.
"""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Rule:
    id: str
    summary: str
    hint: str


RULES = {
    rule.id: rule
    for rule in (
        Rule(
            "rename-column",
            "a column is renamed",
            "never rename: add a column with the new name, write to both, stop reading the old",
        ),
        Rule(
            "rename-table",
            "a table is renamed",
            "never rename: create the new table, move readers and writers to it, drop the old "
            "one releases later",
        ),
        Rule(
            "drop-column",
            "upgrade() drops a column",
            "stop using the column first; drop it releases later with an `acknowledged` entry",
        ),
        Rule(
            "drop-table",
            "upgrade() drops a table",
            "stop using the table first; drop it releases later with an `acknowledged` entry",
        ),
        Rule(
            "type-change",
            "the type of an existing column changes",
            "add a column of the new type and fill it; or acknowledge a reviewed, safe widening",
        ),
        Rule(
            "set-not-null",
            "an existing column becomes NOT NULL",
            "add a CHECK (col IS NOT NULL) NOT VALID constraint and validate it; or acknowledge",
        ),
        Rule(
            "not-null-without-default",
            "a NOT NULL column is added to an existing table without a server default",
            "give it server_default=..., or add it nullable; or acknowledge",
        ),
        Rule(
            "downgrade-empty",
            "downgrade() is missing, unwritten, or does nothing while upgrade() does something",
            "write downgrade() as the exact reverse of upgrade()",
        ),
        Rule(
            "downgrade-mismatch",
            "downgrade() does not undo upgrade() exactly, in reverse order",
            "undo each operation of upgrade(), last first: create_table <-> drop_table, "
            "add_column <-> drop_column, create_index <-> drop_index, ...",
        ),
        Rule(
            "one-table",
            "the revision changes more than one table",
            "split it into one revision per table, or say why in `several_tables_because`",
        ),
        Rule(
            "offline-sql",
            "the revision cannot render as SQL without a database",
            "do not read data in a revision (op.get_bind()); change data with op.execute(), or "
            "guard the read with `if not context.is_offline_mode()`",
        ),
        Rule(
            "single-head",
            "the history forks or merges",
            "set down_revision to the current head (`alembic heads`) so history stays one line",
        ),
        Rule(
            "orphan",
            "a file or revision is not on the history line",
            "point down_revision at an existing revision; keep only revisions in versions/",
        ),
        Rule(
            "file-name",
            "the file name does not follow alembic.ini's file_template",
            "create revisions with `make revision` / `make revision-empty`, or rename the file "
            "to the dated pattern with its own revision id",
        ),
        Rule(
            "acknowledgement",
            "an `acknowledged` entry is malformed or acknowledges nothing",
            "see README, 'Acknowledged operations', for the exact form",
        ),
        Rule(
            "revision-imports",
            "the revision file cannot be imported",
            "fix the error; a revision that cannot be imported cannot be migrated",
        ),
    )
}

SQUAWK_PREFIX = "squawk/"  # squawk's own findings keep squawk's rule names after it


@dataclass(frozen=True)
class Violation:
    rule: str
    path: Path
    line: int
    message: str
    hint: str


def violation(rule: str, path: Path, line: int, message: str) -> Violation:
    return Violation(rule, path, line, message, RULES[rule].hint)
