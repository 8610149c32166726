"""The history is one line from base to a single head (the one definition, the service's
db/history.py, which env.py enforces too), and every file is named after alembic.ini's
file_template."""

import re

from {{ cookiecutter.project_slug }}.db.history import line_breaks

from ..report import Finding
from .findings import violation
from .revisions import Revision

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


def check_history(
    revisions: list[Revision], unloaded: set[str], file_template: str
) -> list[Finding]:
    """`unloaded`: the ids of files that revision-imports reports already; a parent among
    them is not missing, only broken."""
    by_id = {revision.id: revision for revision in revisions}
    found = [
        violation("one-line", by_id[problem.revision].path,
                  by_id[problem.revision].line_of(problem.field), problem.message)
        for problem in line_breaks(revision.script for revision in revisions)
        if problem.missing not in unloaded
    ]  # fmt: skip
    for revision in revisions:
        if not file_name_pattern(file_template, revision.id).fullmatch(revision.path.name):
            message = f"does not follow file_template {file_template!r} for {revision.id}"
            found.append(violation("file-name", revision.path, 1, message))
    return found
