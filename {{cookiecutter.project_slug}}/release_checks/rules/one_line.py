"""`one-line`: the history is not one line from base to a single head.

Every database goes through the same revisions in the same order. No examples here:
judged on the history, not one revision: tests/test_migrations.py and the template's
gate corpus hold its cases.
"""

from ._rule import Rule

RULE = Rule(
    id="one-line",
    summary="the history is not one line from base to a single head",
    hint=(
        "set down_revision to the current head (`alembic heads`); no merges; every parent "
        "present, no cycle; depends_on only on an earlier revision (branch labels are fine)"
    ),
    seen=frozenset({"files"}),
)
