"""The history is one line from base to a single head (the one definition, the service's
db/history.py, which env.py enforces too), and every file is named after alembic.ini's
file_template (rules/file_name.py says which names a template produces)."""

from {{ cookiecutter.project_slug }}.db.history import line_breaks

from ..report import Finding
from ..rules.file_name import file_name_pattern
from .findings import violation
from .revisions import Revision


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
