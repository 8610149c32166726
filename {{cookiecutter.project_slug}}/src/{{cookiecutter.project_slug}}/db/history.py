"""The one shape a migration history may have: one line from base to a single head.

No merges, no branches, no cycle, no revision that is its own parent, no parent that is
missing. A branch label only names a revision of the line, and a `depends_on` an earlier
revision of the line says only what the line says already: both are allowed; a
`depends_on` anything else (a later revision, one that is missing) is not. env.py
refuses to migrate any other history; the migration tools (the gate, the walk) judge
the history with the same `line_breaks`. Plain data in, plain data out: it never
imports the revisions itself.
"""

import traceback
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from alembic.script import Script, ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError, coerce_resource_to_filename

# Set by a caller that judges the history itself and reports each break in its own words
# (the migration gate), so that env.py renders the revisions anyway.
HISTORY_JUDGED = "history_judged"


class RevisionLike(Protocol):
    """What the definition reads of a revision: alembic's Script, or the same fields."""

    @property
    def revision(self) -> str: ...
    @property
    def down_revision(self) -> str | Sequence[str] | None: ...
    @property
    def dependencies(self) -> str | Sequence[str] | None: ...
    @property
    def branch_labels(self) -> set[str]: ...


@dataclass(frozen=True)
class Break:
    """One place where the history is not one line."""

    revision: str  # the revision at fault (of two, the later one in the files' order)
    field: str  # the line of the file to point at: revision, down_revision, depends_on...
    message: str
    missing: str | None = None  # the parent it names that no revision declares


def _parents(revision: RevisionLike) -> tuple[str, ...]:
    down = revision.down_revision
    if down is None:
        return ()
    return (down,) if isinstance(down, str) else tuple(down)


def line_breaks(revisions: Iterable[RevisionLike]) -> list[Break]:
    """Why `revisions` (in their files' order) are not one line from base to one head."""
    revisions = list(revisions)
    found: list[Break] = []
    ids = Counter(revision.revision for revision in revisions)
    children: dict[str, list[str]] = {}
    seen: set[str] = set()
    for revision in revisions:
        name = revision.revision
        parents = _parents(revision)
        if name in seen:
            found.append(Break(name, "revision", f"revision id {name} is declared twice"))
        seen.add(name)
        if name in parents:
            found.append(Break(name, "down_revision", "is its own down_revision"))
        if len(parents) > 1:
            found.append(Break(name, "down_revision", f"merges {', '.join(parents)}"))
        for parent in parents:
            if parent not in ids:
                message = f"down_revision {parent} is missing"
                found.append(Break(name, "down_revision", message, missing=parent))
            children.setdefault(parent, []).append(name)
    for parent, names in children.items():
        for extra in names[1:]:
            message = f"revises {parent}, as {names[0]} does: the history forks"
            found.append(Break(extra, "down_revision", message))
    bases = [revision.revision for revision in revisions if not _parents(revision)]
    for extra in bases[1:]:
        found.append(Break(extra, "down_revision", f"is a second base (besides {bases[0]})"))
    # What no root reaches (a base, or a revision whose parent is missing, already named
    # above) is on a cycle, or hangs off one.
    reached: set[str] = set()
    pending = [
        revision.revision
        for revision in revisions
        if not _parents(revision) or not all(parent in ids for parent in _parents(revision))
    ]
    while pending:
        name = pending.pop()
        if name not in reached:
            reached.add(name)
            pending.extend(children.get(name, []))
    flagged = {found_break.revision for found_break in found}
    for revision in revisions:
        name = revision.revision
        if name not in reached and name not in flagged:
            found.append(Break(name, "down_revision", "is not reached from the base: a cycle"))
    return found + _dependency_breaks(revisions)


def _dependency_breaks(revisions: list[RevisionLike]) -> list[Break]:
    """Each `depends_on` that names no earlier revision of the same line (by its id or a
    branch label, as alembic reads it)."""
    parents = {revision.revision: _parents(revision) for revision in revisions}
    carried = {revision.revision: revision.branch_labels for revision in revisions}
    # A label names the revision that declares it (alembic gives it to the descendants too).
    labels = {
        label: name
        for name, own in carried.items()
        for label in own
        if not any(label in carried.get(parent, ()) for parent in parents[name])
    }
    found = []
    for revision in revisions:
        dependencies = revision.dependencies or ()
        for dependency in (dependencies,) if isinstance(dependencies, str) else dependencies:
            named = dependency if dependency in parents else labels.get(dependency)
            if named is None:
                message = f"depends_on {dependency}, which is missing"
                found.append(Break(revision.revision, "depends_on", message, missing=dependency))
            elif named not in _ancestors(revision.revision, parents):
                message = f"depends_on {dependency}, which is not an earlier revision of its line"
                found.append(Break(revision.revision, "depends_on", message))
    return found


def _ancestors(name: str, parents: dict[str, tuple[str, ...]]) -> set[str]:
    found: set[str] = set()
    pending = list(parents.get(name, ()))
    while pending:
        parent = pending.pop()
        if parent not in found:
            found.add(parent)
            pending.extend(parents.get(parent, ()))
    return found


def load_revisions(script: ScriptDirectory) -> list[Script]:
    """The revisions of `script`, base first, each file imported once (alembic's own
    loader); CommandError, in one line naming the file, when one cannot be loaded."""
    try:
        return list(reversed(list(script.walk_revisions())))
    except (CommandError, RevisionError) as error:
        raise CommandError(f"the migration history cannot be loaded: {error}") from None
    except Exception as error:  # a revision file that does not import: its own error
        raise CommandError(f"a revision cannot be loaded: {failed_import(error, script)}") from None


def one_line(script: ScriptDirectory) -> list[Script]:
    """The revisions of `script`, base first; CommandError, in one line, when the history
    cannot be loaded or is not one line."""
    revisions = load_revisions(script)
    # In the files' order (they are dated), so that the newcomer is the one named.
    in_files_order = sorted(revisions, key=lambda revision: revision.path)
    if breaks := line_breaks(in_files_order):
        first = breaks[0]
        more = f" (and {len(breaks) - 1} more: make lint-migrations)" if breaks[1:] else ""
        raise CommandError(
            f"the migration history is not one line: revision {first.revision} "
            f"{first.message}{more}"
        )
    return revisions


def version_locations(script: ScriptDirectory) -> list[Path]:
    """Where `script`'s revision files are: alembic.ini's `version_locations`, else
    migrations/versions/ (`script.versions` fails when there are several)."""
    locations = [Path(coerce_resource_to_filename(each)) for each in script.version_locations or []]
    return locations or [Path(script.dir, "versions")]


def failed_import(error: BaseException, script: ScriptDirectory) -> str:
    """`file:line: Error: message` for an exception raised importing a revision file of
    `script`: the file is the syntax error's, or the deepest revision file of the
    traceback."""
    if isinstance(error, SyntaxError) and error.filename:
        files = [error.filename]
    else:
        locations = [location.resolve() for location in version_locations(script)]
        files = [
            frame.filename
            for frame in traceback.extract_tb(error.__traceback__)
            if any(Path(frame.filename).resolve().is_relative_to(each) for each in locations)
        ]
    where = f"{Path(files[-1]).name}:{line_in(error, files[-1])}: " if files else ""
    if isinstance(error, SyntaxError):
        error = SyntaxError(error.msg)  # its own str() would repeat the file and line
    return f"{where}{type(error).__name__}: {error}"


def line_in(error: BaseException, path: str | Path) -> int | None:
    """The line of the file `path` where `error` arose: a syntax error's own line, else
    the deepest frame of its traceback in that file; None when it did not arise there."""
    if isinstance(error, SyntaxError) and error.lineno and error.filename == str(path):
        return error.lineno
    lines = [
        frame.lineno
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename == str(path)
    ]
    return lines[-1] if lines else None
