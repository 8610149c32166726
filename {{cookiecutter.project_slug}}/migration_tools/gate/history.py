"""The history is one line: one base, one head, no merge, every parent present, and every
file named after alembic.ini's file_template."""

import re
from collections import Counter

from .revisions import Revision
from .rules import Violation, violation

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


def check_history(revisions: list[Revision], file_template: str) -> list[Violation]:
    found: list[Violation] = []

    def flag(rule: str, revision: Revision, line: int, message: str) -> None:
        found.append(violation(rule, revision.path, line, message))

    known = Counter(revision.id for revision in revisions)
    children = Counter(parent for revision in revisions for parent in revision.down_revisions)
    for revision in revisions:
        if known[revision.id] > 1:
            message = f"revision id {revision.id} is declared by {known[revision.id]} files"
            flag("orphan", revision, revision.line_of("revision"), message)
        for parent in revision.down_revisions:
            if parent not in known:
                message = f"down_revision {parent!r} names no revision in versions/"
                flag("orphan", revision, revision.line_of("down_revision"), message)
        if len(revision.down_revisions) > 1:
            message = f"merges {len(revision.down_revisions)} branches; keep history one line"
            flag("single-head", revision, revision.line_of("down_revision"), message)
        if not file_name_pattern(file_template, revision.id).fullmatch(revision.path.name):
            message = f"does not follow file_template {file_template!r} for {revision.id}"
            flag("file-name", revision, 1, message)

    # Files are dated, so the later base or head is the newcomer that split the line.
    bases = [revision for revision in revisions if not revision.down_revisions]
    for extra in bases[1:]:
        message = f"starts a second history from base (the first is {bases[0].id})"
        flag("orphan", extra, extra.line_of("down_revision"), message)
    heads = [revision for revision in revisions if revision.id not in children]
    for extra in heads[1:]:
        message = f"is a second head (besides {heads[0].id}); history must end in one"
        flag("single-head", extra, extra.line_of("down_revision"), message)
    return found
