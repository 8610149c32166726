"""Record what a revision's upgrade() and downgrade() do, as Alembic operations.

Each function runs against Alembic's real `Operations` on an offline PostgreSQL migration
context: no database, the same code path as `alembic upgrade --sql`. Every operation is
recorded with the line of the revision file that asked for it.
"""

import inspect
import io
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from unittest import mock

from alembic.config import Config
from alembic.operations import Operations
from alembic.operations.base import AbstractOperations
from alembic.operations.ops import MigrateOperation
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from .revisions import Revision


@dataclass(frozen=True)
class Step:
    operation: MigrateOperation
    line: int


@dataclass(frozen=True)
class Failure:
    line: int
    message: str
    data_read: bool  # through op.get_bind(), the usual way to break offline mode


@dataclass(frozen=True)
class Run:
    """What one function of a revision did when called offline."""

    defined: bool
    line: int  # of the `def`
    steps: tuple[Step, ...] = ()
    unwritten: bool = False  # raised NotImplementedError: the revision template's placeholder
    failure: Failure | None = None  # raised anything else


@dataclass(frozen=True)
class Recording:
    upgrade: Run
    downgrade: Run


class OfflineDataReadError(Exception):
    """The revision asked for a connection, which offline SQL does not have."""


def record(revision: Revision, config: Config, script: ScriptDirectory) -> Recording:
    return Recording(
        upgrade=_record_function(revision, "upgrade", config, script),
        downgrade=_record_function(revision, "downgrade", config, script),
    )


def _record_function(revision: Revision, name: str, config: Config, script: ScriptDirectory) -> Run:
    function = getattr(revision.module, name, None)
    line = revision.line_of(name)
    if not callable(function):
        return Run(defined=False, line=line)
    filename = str(revision.path)
    steps: list[Step] = []
    migration_context = MigrationContext.configure(
        dialect_name="postgresql",
        opts={"as_sql": True, "output_buffer": io.StringIO(), "literal_binds": True},
    )
    try:
        # `context.is_offline_mode()` inside a revision answers True, as with --sql.
        with (
            EnvironmentContext(config, script, as_sql=True),
            Operations.context(migration_context),
            _recording(steps, filename),
        ):
            function()
    except NotImplementedError:
        return Run(defined=True, line=line, steps=tuple(steps), unwritten=True)
    except Exception as error:  # whatever breaks offline rendering is the finding
        failure = Failure(
            _line_in_traceback(error, filename) or line,
            _one_line(error),
            data_read=isinstance(error, OfflineDataReadError),
        )
        return Run(defined=True, line=line, steps=tuple(steps), failure=failure)
    return Run(defined=True, line=line, steps=tuple(steps))


@contextmanager
def _recording(steps: list[Step], filename: str) -> Iterator[None]:
    """Every operation, batch ones included, goes through AbstractOperations.invoke; a data
    read goes through get_bind. Both are intercepted only while the function runs."""
    invoke: Callable[[AbstractOperations, MigrateOperation], Any] = AbstractOperations.invoke

    def recording_invoke(operations: AbstractOperations, operation: MigrateOperation) -> Any:
        steps.append(Step(operation, _caller_line(filename)))
        return invoke(operations, operation)

    def offline_bind(operations: AbstractOperations) -> Connection:
        raise OfflineDataReadError(
            "reads data through op.get_bind(), which has no database in offline mode"
        )

    with (
        mock.patch.object(AbstractOperations, "invoke", recording_invoke),
        mock.patch.object(AbstractOperations, "get_bind", offline_bind),
    ):
        yield


def _caller_line(filename: str) -> int:
    frame = inspect.currentframe()
    while frame is not None:
        if frame.f_code.co_filename == filename:
            return frame.f_lineno
        frame = frame.f_back
    return 1


def _line_in_traceback(error: BaseException, filename: str) -> int | None:
    lines = [
        frame.lineno
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename == filename and frame.lineno is not None
    ]
    return lines[-1] if lines else None


def _one_line(error: BaseException) -> str:
    first = (str(error).strip().splitlines() or [""])[0]
    if isinstance(error, OfflineDataReadError):
        return first
    return f"{type(error).__name__}: {first}" if first else type(error).__name__
