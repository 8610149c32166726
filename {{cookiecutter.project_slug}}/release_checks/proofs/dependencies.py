"""What a proof depends on besides its key: the project's own files and the environment
variables the revisions read while the history was loaded and walked (release_checks/
reads.py), each with a digest of what it was. A proof is trusted only while every one is
still what it recorded (`changed`).

The files are those read under the project's root, the project's modules imported, and
those the import statements of what was read name, transitively (a helper the models
imported before the walk began ran its own imports then, unseen: its `import` lines name
them).
What the key covers already (the revision files, release_checks/) and what is not the
project's (a virtualenv inside it, compiled caches) are left out.
"""

import ast
import hashlib
import importlib.util
import os
import sys
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from release_checks.project import PROJECT_ROOT
from release_checks.reads import Reads

TOOLING = Path(__file__).resolve().parent.parent  # in the key (store.py)


def dependencies(
    revisions: Iterable[str], reads: Reads, recorded: tuple[str, ...] = ()
) -> tuple[str, ...]:
    """What a proof of the history of `revisions` (their files) depends on, as record
    lines "file|env <digest> <name>": what `reads` holds and the files `revisions` import,
    and the entries of `recorded` (a restored proof's, for revisions a walk did not run)."""
    own = {Path(revision).resolve() for revision in revisions}
    files = {
        path
        for path in _with_imports([*map(Path, reads.files), *own], reads.modules)
        if _project_file(path) and path not in own
    }
    names = {str(path.relative_to(PROJECT_ROOT)) for path in files}
    names |= {line.split(maxsplit=2)[2] for line in recorded if line.startswith("file ")}
    variables = set(reads.variables)
    variables |= {line.split(maxsplit=2)[2] for line in recorded if line.startswith("env ")}
    return (
        *(f"file {_file_digest(name)} {name}" for name in sorted(names)),
        *(f"env {_variable_digest(name)} {name}" for name in sorted(variables)),
    )


def changed(recorded: tuple[str, ...]) -> str | None:
    """The first entry of `recorded` that is no longer what it was, in words; None when
    every one still is (and when a line is not an entry: then it says so)."""
    for line in recorded:
        kind, digest, name = [*line.split(maxsplit=2), "", ""][:3]
        if kind == "file" and digest != _file_digest(name):
            return f"{name} changed"
        if kind == "env" and digest != _variable_digest(name):
            return f"the environment variable {name} changed"
        if kind not in ("file", "env") or not name:
            return f"an entry it cannot read ({line[:60]!r})"
    return None


def _file_digest(name: str) -> str:
    try:
        return hashlib.sha256((PROJECT_ROOT / name).read_bytes()).hexdigest()
    except OSError:  # gone, or (a record's name for what is not a project file) unreadable
        return "missing"


def _variable_digest(name: str) -> str:
    # A record shows no value (a password, say): a digest that is slow to guess from
    # (scrypt, 30 ms), salted with its name.
    value = os.environ.get(name)
    if value is None:
        return "unset"
    secret, salt = (text.encode(errors="surrogateescape") for text in (value, name))
    return hashlib.scrypt(secret, salt=salt, n=2**12, r=8, p=1).hex()


def _project_file(path: Path) -> bool:
    if not path.is_relative_to(PROJECT_ROOT) or path.is_relative_to(TOOLING):
        return False
    inside = path.relative_to(PROJECT_ROOT).parts
    return "__pycache__" not in inside and "site-packages" not in inside and path.is_file()


def _with_imports(files: list[Path], modules: Iterable[str]) -> set[Path]:
    """The files of `files` and of `modules`, resolved, and those of the project's
    modules their import statements name, transitively: of those this process has
    imported (`sys.modules`), since only they can have been read."""
    found: set[Path] = set()
    todo: list[tuple[Path, str | None]] = [(file.resolve(), None) for file in files]
    todo += _module_files(modules)
    while todo:
        file, name = todo.pop()
        if file in found:
            continue
        found.add(file)
        if file.suffix != ".py" or not _project_file(file):
            continue
        package = sys.modules[name].__package__ if name else None
        todo += _module_files(_imported(file, package))
    return found


def _module_files(names: Iterable[str]) -> list[tuple[Path, str | None]]:
    """The files of the modules `names` name that this process has imported, and of
    their packages (importing `a.b` runs `a` first)."""
    parts = [name.split(".") for name in names]
    prefixes = {".".join(name[:end]) for name in parts for end in range(1, len(name) + 1)}
    return list(filter(None, map(_module_file, prefixes)))


def _module_file(name: str) -> tuple[Path, str | None] | None:
    """The file of the module `name` has imported, resolved, and `name`."""
    file = getattr(sys.modules.get(name), "__file__", None)
    return (Path(file).resolve(), name) if isinstance(file, str) else None


def _imported(file: Path, package: str | None) -> list[str]:
    """The module names the import statements of `file` name (with the names imported
    from them, which may be modules too)."""
    tree = None
    with suppress(SyntaxError, ValueError):  # not `except (A, B):` (see gate/online.py)
        tree = ast.parse(file.read_bytes())
    if tree is None:
        return []
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                if not package:
                    continue
                try:
                    base = importlib.util.resolve_name("." * node.level + base, package)
                except ImportError:
                    continue
            names += [base, *(f"{base}.{alias.name}" for alias in node.names)]
    return names
