"""`revision-imports`: the revision file cannot be imported, or is not a revision.

A revision that cannot be imported cannot be migrated. No examples here: judged on the
file (it breaks the history it is in): the template's gate corpus holds its cases.
"""

from ._rule import Rule

RULE = Rule(
    id="revision-imports",
    summary="the revision file cannot be imported, or is not a revision",
    hint="fix the error; a revision that cannot be imported cannot be migrated",
    seen=frozenset({"files"}),
)
