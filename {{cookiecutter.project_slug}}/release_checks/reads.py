"""What code run from the revisions reads while it runs: the files it opens, the modules
it imports, the environment variables it looks up. A proof of a history depends on them
as much as on the revision files (proofs/dependencies.py), so the history's loading and
the walk record them.

Files are seen through an audit hook on `open` (every way of opening one raises it:
`open`, `Path.read_text`, `io.open_code`, `os.open`), imports as the modules that appear
in `sys.modules`, variables through the class of `os.environ` itself, swapped while
recording (`os.environ.get`, `os.getenv`, `in`, and `from os import environ` all reach
it). A module imported before recording began is not seen here; the import statements
of what was read name it (proofs/dependencies.py). Files and variables are recorded for
the asyncio task that began recording (the walk's, whose connection runs the revisions
in a greenlet of that task), not for the tasks that run while it awaits the server.
"""

import asyncio
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Reads:
    task: object = field(default=None, compare=False)  # whose reads (see `_task`)
    files: set[str] = field(default_factory=set)  # as opened (not resolved)
    variables: set[str] = field(default_factory=set)
    modules: set[str] = field(default_factory=set)  # imported

    def __or__(self, other: "Reads") -> "Reads":
        return Reads(
            None,
            self.files | other.files,
            self.variables | other.variables,
            self.modules | other.modules,
        )


_RECORDING: list[Reads] = []
_PLAIN = type(os.environ)


def _task() -> object:
    """The asyncio task running now, if any."""
    try:
        return asyncio.current_task()
    except RuntimeError:  # no event loop runs in this thread
        return None


def _recording_now() -> list[Reads]:
    task = _task()
    return [reads for reads in _RECORDING if reads.task is task]


class _RecordingEnviron(os._Environ[str]):
    def __getitem__(self, key: str) -> str:
        for reads in _recording_now():
            reads.variables.add(key)
        return super().__getitem__(key)

    def __iter__(self) -> Iterator[str]:
        names = list(super().__iter__())  # the whole environment read: every variable
        for reads in _recording_now():
            reads.variables.update(names)
        return iter(names)


def _audit(event: str, arguments: tuple[Any, ...]) -> None:
    # Runs for every audited event of the process from now on: at once when not recording.
    # It must never raise (that would fail the `open`).
    if _RECORDING and event == "open" and isinstance(arguments[0], str | bytes | os.PathLike):
        path = os.fsdecode(os.fspath(arguments[0]))
        for reads in _recording_now():
            reads.files.add(path)


_hooked: list[bool] = []


@contextmanager
def recording() -> Iterator[Reads]:
    """What the code run inside reads (and the modules any other code of this process
    imports meanwhile: more, never less)."""
    if not _hooked:  # an audit hook cannot be removed: one for the process
        sys.addaudithook(_audit)
        _hooked.append(True)
    reads = Reads(_task())
    before = set(sys.modules)
    _RECORDING.append(reads)
    os.environ.__class__ = _RecordingEnviron
    try:
        yield reads
    finally:
        _RECORDING.remove(reads)
        if not _RECORDING:
            os.environ.__class__ = _PLAIN
        reads.modules.update(set(sys.modules) - before)
