"""`file-name`: the file name does not follow alembic.ini's file_template.

Dated names list revisions in the order they were written. No examples here: judged on
the file's name (by file_name_pattern(), which the gate asks for each revision): the
template's gate corpus holds its cases.
"""

import re

from ._rule import Rule

# One conversion of a %-style template: %(rev)s, %(year)d, %(month).2d, ...
_FIELD = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.(\d+))?([a-zA-Z])")


def file_name_pattern(file_template: str, revision_id: str) -> re.Pattern[str]:
    """The file names `file_template` can produce for `revision_id`."""
    parts: list[str] = []
    position = 0
    for field in _FIELD.finditer(file_template):
        parts.append(re.escape(file_template[position : field.start()]))
        name, digits, conversion = field.groups()
        if name == "rev":
            parts.append(re.escape(revision_id))
        elif name == "slug":
            parts.append(r"\w*")
        elif conversion == "d":
            parts.append(r"\d" * int(digits) if digits else r"\d+")
        else:
            parts.append(r".+?")
        position = field.end()
    parts.append(re.escape(file_template[position:]))
    return re.compile("".join(parts) + r"\.py")


RULE = Rule(
    id="file-name",
    summary="the file name does not follow alembic.ini's file_template",
    hint=(
        "create revisions with `make revision` / `make revision-empty`, or rename the "
        "file to the dated pattern with its own revision id"
    ),
    seen=frozenset({"files"}),
)
