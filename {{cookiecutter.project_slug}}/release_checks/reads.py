"""What code run from the revisions reads while it runs: the files it opens, the modules
it imports, the environment variables it looks up. A proof of a history depends on them
as much as on the revision files (proofs/dependencies.py), so the history's loading and
the walk record them.

Files are seen through an audit hook on `open` (every way of opening one raises it:
`open`, `Path.read_text`, `io.open_code`, `os.open`). Imports are the modules that appear
in `sys.modules`, and, while recording, every name `import`, `__import__` and
`importlib.import_module` are asked for: a module imported before recording began, by
its name or by one computed, is found in `sys.modules` and loads nothing, but is read
all the same. Variables are seen through the class of `os.environ` and `os.environb`
themselves, swapped while recording (`os.environ.get`, `os.getenv`, `os.getenvb`, `in`,
and `from os import environ` all reach it).

What is read is recorded for the asyncio task that began recording (the walk's, whose
connection runs the revisions in a greenlet of that task), not for the tasks that run
while it awaits the server; and for the threads that task starts (through `threading`:
`Thread`, `concurrent.futures`, `asyncio.to_thread`), and the threads they start.
"""

import asyncio
import builtins
import importlib
import importlib.util
import os
import sys
import threading
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any


@dataclass
class Reads:
    task: object = field(default=None, compare=False)  # whose reads (see `_task`)
    files: set[str] = field(default_factory=set)  # as opened (not resolved)
    variables: set[str] = field(default_factory=set)
    modules: set[str] = field(default_factory=set)  # imported (named, or new in sys.modules)

    def __or__(self, other: "Reads") -> "Reads":
        return Reads(
            None,
            self.files | other.files,
            self.variables | other.variables,
            self.modules | other.modules,
        )


_RECORDING: list[Reads] = []
# The recordings a thread reads for: those its starter read for when it started it.
_STARTED_BY: "weakref.WeakKeyDictionary[threading.Thread, list[Reads]]" = (
    weakref.WeakKeyDictionary()
)
# A thread's start is swapped while recording, not heard as an audit event: Python 3.11
# raises none when a thread starts.
_THREAD: Any = threading.Thread
_PLAIN_START = _THREAD.start
_PLAIN = type(os.environ)
# The environment seen as str, and on POSIX as bytes too (os.environb, os.getenvb).
_ENVIRONS: list[os._Environ[Any]] = [os.environ]
if sys.platform != "win32":
    _ENVIRONS.append(os.environb)
_PLAIN_IMPORT = builtins.__import__
# What importlib.import_module calls, looked up on each call: replacing it catches the
# callers that imported `import_module` itself before recording began.
_BOOTSTRAP: Any = importlib._bootstrap
_PLAIN_IMPORT_MODULE = _BOOTSTRAP._gcd_import


def _task() -> object:
    """The asyncio task running now, if any."""
    try:
        return asyncio.current_task()
    except RuntimeError:  # no event loop runs in this thread
        return None


def _recording_now() -> list[Reads]:
    task = _task()
    owners = _STARTED_BY.get(threading.current_thread(), [])
    return [
        reads
        for reads in _RECORDING
        if reads.task is task or any(reads is owner for owner in owners)
    ]


def _read_variables(names: Iterable[object]) -> None:
    recording = _recording_now()
    if recording:  # (a name of another type: the lookup itself says what is wrong)
        decoded = {os.fsdecode(name) for name in names if isinstance(name, str | bytes)}
        for reads in recording:
            reads.variables.update(decoded)


class _RecordingEnviron(os._Environ[Any]):  # of str (os.environ), or bytes (os.environb)
    def __getitem__(self, key: Any) -> Any:
        _read_variables([key])
        return super().__getitem__(key)

    def __iter__(self) -> Iterator[Any]:
        names = list(super().__iter__())  # the whole environment read: every variable
        _read_variables(names)
        return iter(names)


def _read_module(name: str, package: str | None, level: int, fromlist: Sequence[str]) -> None:
    """The module an import asks for (relative to `package` at `level`), and the names
    `fromlist` takes from it, which may be modules too."""
    recording = _recording_now()
    if not recording:
        return
    try:
        module = importlib.util.resolve_name("." * level + name, package) if level else name
    except ImportError:  # the import itself will say what is wrong
        return
    names = {module, *(f"{module}.{item}" for item in fromlist)}
    for reads in recording:
        reads.modules.update(names)


def _import(
    name: str,
    globals: Mapping[str, object] | None = None,
    locals: Mapping[str, object] | None = None,
    fromlist: Sequence[str] | None = (),
    level: int = 0,
) -> ModuleType:
    package = globals.get("__package__") if globals else None
    _read_module(name, package if isinstance(package, str) else None, level, fromlist or ())
    return _PLAIN_IMPORT(name, globals, locals, fromlist or (), level)


def _import_module(name: str, package: str | None = None, level: int = 0) -> ModuleType:
    _read_module(name, package, level, ())
    module: ModuleType = _PLAIN_IMPORT_MODULE(name, package, level)
    return module


def _start(thread: threading.Thread) -> None:
    if recording := _recording_now():
        _STARTED_BY[thread] = recording
    _PLAIN_START(thread)


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
    _swap(recording=True)
    try:
        yield reads
    finally:
        # By identity: two recordings may have read the same (nothing, say).
        _RECORDING[:] = [other for other in _RECORDING if other is not reads]
        if not _RECORDING:
            _swap(recording=False)
        reads.modules.update(set(sys.modules) - before)


def _swap(recording: bool) -> None:
    """The environment's class, the import functions and a thread's start: recording, or
    plain."""
    for environ in _ENVIRONS:
        environ.__class__ = _RecordingEnviron if recording else _PLAIN
    _THREAD.start = _start if recording else _PLAIN_START
    builtins.__import__ = _import if recording else _PLAIN_IMPORT
    _BOOTSTRAP._gcd_import = _import_module if recording else _PLAIN_IMPORT_MODULE
