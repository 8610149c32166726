"""The revision files of migrations/versions/, each imported once, as Alembic's own Script.

Each file is loaded on its own, so that one broken file is a finding with its line and
does not hide what is wrong with the others; what cannot be loaded is a finding too.
"""

import ast
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import NoReturn
from unittest import mock

from alembic.script import Script, ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import load_python_file

from {{ cookiecutter.project_slug }}.db.errors import error_line
from {{ cookiecutter.project_slug }}.db.history import line_in, version_locations

from ..report import Finding
from .findings import violation

_DECLARED = re.compile(r"^revision\s*(?::[^=\n]*)?=\s*[\"']([^\"']+)[\"']", re.MULTILINE)


@dataclass(frozen=True, eq=False)
class Revision:
    script: Script

    @property
    def id(self) -> str:
        return self.script.revision

    @property
    def path(self) -> Path:
        return Path(self.script.path)

    def line_of(self, name: str) -> int:
        """The line that defines `name` (a function or a module-level variable), else 1."""
        return self._definitions.get(name, 1)

    @cached_property
    def tree(self) -> ast.Module:
        return ast.parse(self.path.read_text())

    @cached_property
    def _definitions(self) -> dict[str, int]:
        return _definitions(self.tree)

    def online_only(self) -> list[int]:
        """Lines of `if` statements on offline mode anywhere in the file (upgrade(), a
        helper it calls): one of their branches never runs when rendered offline."""
        return [
            node.lineno
            for node in ast.walk(self.tree)
            if isinstance(node, ast.If | ast.IfExp) and asks_offline(node.test)
        ]


def asks_offline(test: ast.expr) -> bool:
    """Whether an `if` asks for offline mode: `context.is_offline_mode()`,
    `op.get_context().as_sql` and the like."""
    return any(
        isinstance(node, ast.Attribute | ast.Name)
        and (node.attr if isinstance(node, ast.Attribute) else node.id)
        in ("is_offline_mode", "as_sql")
        for node in ast.walk(test)
    )


@contextmanager
def exits_raise() -> Iterator[None]:
    """While a revision's code runs, os._exit() raises SystemExit like sys.exit(), so that
    a revision cannot end the gate's process with no report (and exit 0)."""

    def raising_exit(code: int) -> NoReturn:
        raise SystemExit(code)

    with mock.patch.object(os, "_exit", raising_exit):
        yield


def revision_files(directory: ScriptDirectory) -> list[Path]:
    """Alembic's own selection: every .py file except __init__.py and editor lock files,
    in each of alembic.ini's `version_locations` (migrations/versions/ by default), and
    in their folders with `recursive_version_locations`."""
    pattern = "**/*.py" if directory.recursive_version_locations else "*.py"
    return sorted(
        {
            path
            for location in version_locations(directory)
            for path in location.glob(pattern)
            if path.name != "__init__.py" and not path.name.startswith(".#")
        }
    )


def read_revision_files(
    directory: ScriptDirectory,
) -> tuple[list[Revision], list[Finding], set[str]]:
    """The revisions, the findings on files that are none, and the ids those files
    declare (so that their children are not also said to have a missing parent)."""
    revisions: list[Revision] = []
    problems: list[Finding] = []
    unloaded: set[str] = set()
    for path in revision_files(directory):
        try:
            with exits_raise():
                module = load_python_file(str(path.parent), path.name)
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # the finding itself, sys.exit() too
            line = line_in(error, path) or 1
            problems.append(violation("revision-imports", path, line, error_line(error)))
            unloaded.update(_DECLARED.findall(path.read_text(errors="replace")))
            continue
        problem = _shape_problem(module)
        if problem is not None:
            field, message = problem
            line = _line_of(path, field)
            problems.append(violation("revision-imports", path, line, message))
            if isinstance(declared := getattr(module, "revision", None), str):
                unloaded.add(declared)
            continue
        try:
            script = Script(module, module.revision, path)
        except RevisionError as error:  # e.g. it is its own parent
            line = _line_of(path, "down_revision")
            problems.append(violation("one-line", path, line, str(error)))
            unloaded.add(module.revision)
            continue
        revisions.append(Revision(script))
    return revisions, problems, unloaded


def _shape_problem(module: object) -> tuple[str, str] | None:
    """What keeps the module from being a revision, and the name to point at."""
    revision = getattr(module, "revision", None)
    if not isinstance(revision, str) or not revision:
        return "revision", "is not a revision: it declares no `revision` id (a string)"
    for field in ("down_revision", "depends_on", "branch_labels"):
        value = getattr(module, field, None)
        values = value if isinstance(value, list | tuple) else [value]
        if not all(item is None or isinstance(item, str) for item in values):
            return field, f"`{field}` must be a revision id (a string), a tuple of them or None"
    # A missing downgrade() is downgrade-empty's: the upgrade is still judged.
    if not callable(getattr(module, "upgrade", None)):
        return "upgrade", "has no upgrade() function"
    return None


def _definitions(tree: ast.Module) -> dict[str, int]:
    """The line of each module-level function and variable."""
    lines: dict[str, int] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            lines.setdefault(node.name, node.lineno)
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Name):
                lines.setdefault(target.id, node.lineno)
    return lines


def _line_of(path: Path, name: str) -> int:
    return _definitions(ast.parse(path.read_text())).get(name, 1)
