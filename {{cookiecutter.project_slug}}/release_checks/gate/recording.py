"""What each revision's upgrade() and downgrade() do, recorded the way
`alembic upgrade --sql` runs them: inside the project's own env.py, in offline mode, on a
real EnvironmentContext and MigrationContext (so `op.get_context()`, `context.execute()`
and the rest behave exactly as they do there).

env.py runs once for the whole history: instead of a list of migration steps, it is
handed a function that calls every revision's upgrade() and downgrade() in turn. So no
revision map is needed (a broken history is still rendered revision by revision), each
file is imported once, and only the revision's own SQL is captured, never Alembic's
bookkeeping of the version table. Every operation and every statement is recorded with
the line of the revision file that caused it.
"""

import inspect
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any
from unittest import mock

import alembic
from alembic.config import Config
from alembic.ddl.impl import DefaultImpl
from alembic.operations import ops
from alembic.operations.base import AbstractOperations
from alembic.operations.ops import MigrateOperation
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy.inspection import _inspects

from {{ cookiecutter.project_slug }}.db.errors import error_line, unnamed_constraint_drop
from {{ cookiecutter.project_slug }}.db.history import HISTORY_JUDGED, line_in

from ..project import GateError
from .revisions import Revision, exits_raise


@dataclass(frozen=True)
class Step:
    operation: MigrateOperation
    line: int


@dataclass(frozen=True)
class Statement:
    sql: str
    line: int


@dataclass(frozen=True)
class Failure:
    line: int
    message: str


@dataclass
class Run:
    """What one function of a revision did when rendered offline."""

    line: int  # of the `def`
    steps: list[Step] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    unwritten: bool = False  # raised NotImplementedError: the revision template's stub
    missing: bool = False  # no such function (only downgrade(): revisions.py needs upgrade())
    # (line here, `file:line` there) of code in another file, called from here, that asks
    # whether it runs offline: what it does online the gate can neither record nor read
    asks_offline: list[tuple[int, str]] = field(default_factory=list)
    failure: Failure | None = None  # raised anything else


@dataclass(frozen=True)
class Recording:
    upgrade: Run
    downgrade: Run


class UnnamedConstraintError(Exception):
    """drop_constraint(None, ...), as autogenerate writes for a constraint the models did
    not name: PostgreSQL drops a constraint by its name, and the naming convention has
    nothing to build one from (alembic would fail with a bare IndexError)."""

    def __init__(self, operation: ops.DropConstraintOp) -> None:
        super().__init__(unnamed_constraint_drop(operation.table_name, operation.constraint_type))


class OfflineDataReadError(Exception):
    """The revision asked for a connection, which offline SQL does not have."""


def record(
    revisions: list[Revision], config: Config, script: ScriptDirectory
) -> tuple[dict[Revision, Recording], str]:
    """Each revision's recording, and the SQL env.py emits before any revision (its
    `SET lock_timeout`, ...), which `alembic upgrade --sql` prints first."""
    recordings: dict[Revision, Recording] = {}
    preamble = ""

    def every_revision(_heads: object, _context: MigrationContext) -> list[Any]:
        nonlocal preamble
        preamble = output.getvalue()
        for revision in revisions:
            recordings[revision] = Recording(_run(revision, "upgrade"), _run(revision, "downgrade"))
        return []  # no migration steps, so no version-table SQL

    config.output_buffer = output = io.StringIO()
    config.attributes[HISTORY_JUDGED] = True  # the gate reports a broken history itself
    try:
        with EnvironmentContext(config, script, fn=every_revision, as_sql=True):
            script.run_env()
    except (Exception, SystemExit) as error:
        said = error if isinstance(error, CommandError) else error_line(error)
        raise GateError(f"env.py fails in offline mode (alembic --sql): {said}") from None
    finally:
        config.output_buffer = None
    if revisions and not recordings:
        raise GateError("env.py never ran the revisions in offline mode (alembic --sql)")
    return recordings, preamble


def _run(revision: Revision, name: str) -> Run:
    run = Run(line=revision.line_of(name))
    function = getattr(revision.script.module, name, None)
    if not callable(function):
        run.missing = True
        return run
    try:
        with _recording(run, str(revision.path)):
            function()
    except NotImplementedError:
        run.unwritten = True
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # whatever breaks offline rendering, sys.exit() too
        run.failure = Failure(
            line_in(error, revision.path) or run.line,
            str(error)
            if isinstance(error, OfflineDataReadError | UnnamedConstraintError)
            else error_line(error),
        )
    return run


@contextmanager
def _recording(run: Run, filename: str) -> Iterator[None]:
    """Every operation (batch ones too) goes through AbstractOperations.invoke, every
    statement through the dialect's static_output, and a data read through get_bind.
    They are intercepted only while the revision's function runs."""
    invoke: Callable[[AbstractOperations, MigrateOperation], Any] = AbstractOperations.invoke
    output: Callable[[DefaultImpl, str], None] = DefaultImpl.static_output
    bind: Callable[[AbstractOperations], Any] = AbstractOperations.get_bind
    offline: Callable[[EnvironmentContext], bool] = EnvironmentContext.is_offline_mode

    def recording_invoke(operations: AbstractOperations, operation: MigrateOperation) -> Any:
        run.steps.append(Step(operation, _caller_line(filename, run.line)))
        if isinstance(operation, ops.DropConstraintOp) and operation.constraint_name is None:
            raise UnnamedConstraintError(operation)
        return invoke(operations, operation)

    def recording_output(impl: DefaultImpl, text: str) -> None:
        run.statements.append(Statement(text, _caller_line(filename, run.line)))
        output(impl, text)

    def offline_bind(operations: AbstractOperations) -> _OfflineBind:
        return _OfflineBind(bind(operations))

    def noted_offline(environment: EnvironmentContext) -> bool:
        asker = _asker()
        if asker is not None and asker.f_code.co_filename != filename:
            where = f"{Path(asker.f_code.co_filename).name}:{asker.f_lineno}"
            run.asks_offline.append((_caller_line(filename, run.line), where))
        return offline(environment)

    with (
        mock.patch.object(AbstractOperations, "invoke", recording_invoke),
        mock.patch.object(DefaultImpl, "static_output", recording_output),
        mock.patch.object(AbstractOperations, "get_bind", offline_bind),
        mock.patch.object(EnvironmentContext, "is_offline_mode", noted_offline),
        exits_raise(),
    ):
        yield


_READS = "runs a query through op.get_bind(), which has no database in offline mode"


class _OfflineBind:
    """op.get_bind() offline: alembic's mock connection (its dialect answers as with
    --sql), except that reading data says what is wrong instead of a bare None."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def execute(self, *args: Any, **kwargs: Any) -> "_NoRows":
        """As with --sql, the statement is written into the SQL (and judged like
        op.execute's): an UPDATE runs offline; reading what it returns does not."""
        self._connection.execute(*args, **kwargs)
        return _NoRows()

    def __getattr__(self, name: str) -> Any:
        # connect, begin: what an ORM Session(bind=op.get_bind()) asks for before a query.
        if name in ("exec_driver_sql", "scalar", "scalars", "connect", "begin"):
            raise OfflineDataReadError(_READS)
        if name == "begin_nested":
            raise OfflineDataReadError(
                "opens a savepoint through op.get_bind() (begin_nested), which has no "
                "database in offline mode"
            )
        if name in ("commit", "rollback"):  # to run CONCURRENTLY outside it, say
            raise OfflineDataReadError(
                f"{'commits' if name == 'commit' else 'rolls back'} through op.get_bind() "
                f"({name}), which has no transaction in offline mode: "
                "op.get_context().autocommit_block() runs statements outside it, offline too"
            )
        if name == "engine":  # the mock connection is its own engine: so is this
            return self
        return getattr(self._connection, name)


class _NoRows:
    """What a statement run through op.get_bind() returns offline: no rows to read."""

    def __getattr__(self, name: str) -> Any:
        raise OfflineDataReadError(_READS)

    def __iter__(self) -> Iterator[Any]:
        raise OfflineDataReadError(_READS)


@_inspects(_OfflineBind)
def _no_inspection(_bind: _OfflineBind) -> None:
    """sqlalchemy.inspect(op.get_bind()) offline: says so, not NoInspectionAvailable."""
    raise OfflineDataReadError(
        "inspects the database through op.get_bind(), which has no database in offline mode"
    )


_ALEMBIC = Path(alembic.__file__).parent


def _asker() -> FrameType | None:
    """The frame that asked `context.is_offline_mode()`: the first outside alembic (its
    proxy functions are compiled from strings) and this module."""
    frame = inspect.currentframe()
    while frame is not None and (
        frame.f_code.co_filename == __file__
        or frame.f_code.co_filename.startswith("<")
        or Path(frame.f_code.co_filename).is_relative_to(_ALEMBIC)
    ):
        frame = frame.f_back
    return frame


def _caller_line(filename: str, default: int) -> int:
    frame = inspect.currentframe()
    while frame is not None:
        if frame.f_code.co_filename == filename:
            return frame.f_lineno
        frame = frame.f_back
    return default
