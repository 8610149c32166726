"""`file-name`: the file name does not follow alembic.ini's file_template.

Dated names list revisions in the order they were written. No examples here: judged on
the file's name: the template's gate corpus holds its cases.
"""

from ._rule import Rule

RULE = Rule(
    id="file-name",
    summary="the file name does not follow alembic.ini's file_template",
    hint=(
        "create revisions with `make revision` / `make revision-empty`, or rename the "
        "file to the dated pattern with its own revision id"
    ),
    seen=frozenset({"files"}),
)
