"""The revision files of migrations/versions/, loaded the way Alembic loads them, but
each on its own: one broken file must not hide what is wrong with the others."""

import ast
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType

from alembic.util import load_python_file

from .rules import Violation, violation


@dataclass(frozen=True)
class Revision:
    path: Path
    module: ModuleType
    id: str
    down_revisions: tuple[str, ...]

    def line_of(self, name: str) -> int:
        """The line that defines `name` (a function or a module-level variable), else 1."""
        return self._definitions.get(name, 1)

    @cached_property
    def _definitions(self) -> dict[str, int]:
        lines: dict[str, int] = {}
        for node in ast.parse(self.path.read_text()).body:
            if isinstance(node, ast.FunctionDef):
                lines.setdefault(node.name, node.lineno)
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    lines.setdefault(target.id, node.lineno)
        return lines


def revision_files(versions: Path) -> list[Path]:
    # Alembic's own selection: every .py file except __init__.py and editor lock files.
    return sorted(
        path
        for path in versions.glob("*.py")
        if path.name != "__init__.py" and not path.name.startswith(".#")
    )


def load_revisions(versions: Path) -> tuple[list[Revision], list[Violation]]:
    revisions: list[Revision] = []
    problems: list[Violation] = []
    for path in revision_files(versions):
        try:
            module = load_python_file(str(path.parent), path.name)
        except Exception as error:  # any import error is the finding itself
            line = getattr(error, "lineno", None) or 1
            problems.append(violation("revision-imports", path, line, _one_line(error)))
            continue
        revision_id = getattr(module, "revision", None)
        if not isinstance(revision_id, str) or not revision_id:
            problems.append(
                violation("orphan", path, 1, "is not a revision: it declares no `revision` id")
            )
            continue
        revisions.append(
            Revision(path, module, revision_id, _as_tuple(getattr(module, "down_revision", None)))
        )
    return revisions, problems


def _as_tuple(down_revision: str | Sequence[str] | None) -> tuple[str, ...]:
    if down_revision is None:
        return ()
    if isinstance(down_revision, str):
        return (down_revision,)
    return tuple(down_revision)


def _one_line(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}".splitlines()[0]
