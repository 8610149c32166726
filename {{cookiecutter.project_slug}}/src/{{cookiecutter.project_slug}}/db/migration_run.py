"""How an online migration run goes: which steps it may take (no downgrade where refused),
what it does when a revision cannot get its locks or runs too long, and how its commits
become durable."""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Iterator
from pathlib import Path
from traceback import walk_tb
from types import ModuleType
from typing import Any

from alembic.runtime.migration import MigrationStep, RevisionStep
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from {{ cookiecutter.project_slug }}.db.connect import reason, sqlstate
from {{ cookiecutter.project_slug }}.db.errors import OperatorError, error_line
from {{ cookiecutter.project_slug }}.db.migration_lock import is_lock_timeout
from {{ cookiecutter.project_slug }}.settings import milliseconds

log = logging.getLogger(__name__)

# The function an alembic command hands to env.py: (current heads, context) -> its steps.
StepsFunction = Callable[[tuple[str, ...], Any], Iterable[MigrationStep]]

MAX_BACKOFF = 60.0

QUERY_CANCELED = "57014"  # SQLSTATE of a statement_timeout, or of pg_cancel_backend()
INSUFFICIENT_PRIVILEGE = "42501"
READ_ONLY_TRANSACTION = "25006"


def session_settings(idle_in_transaction_timeout: float) -> dict[str, str]:
    """The migration session's parameters. A migrator that dies mid-statement is noticed
    within a second, and its backend rolls back and lets go of its locks; one that stops
    answering inside a transaction (frozen, paused) is ended after
    `idle_in_transaction_timeout` seconds, for the same reason. Between attempts it may
    idle for a minute: no idle-session guard of the database or role ends it then. Each
    revision's commit does not wait for its WAL flush (300 revisions would wait for 300
    flushes; a crash loses only whole revisions, the last ones, never half of one):
    `flush_commits()` at the end makes them all durable at once."""
    return {
        "client_connection_check_interval": "1000",
        "idle_in_transaction_session_timeout": str(milliseconds(idle_in_transaction_timeout)),
        "idle_session_timeout": "0",
        "synchronous_commit": "off",
    }


class DowngradeRefusedError(OperatorError):
    """A downgrade was asked for where downgrades are not allowed."""


class FunctionMissingError(OperatorError):
    """A step needs a revision's upgrade() or downgrade(), which its file does not have."""


class LocksUnavailableError(OperatorError):
    """A revision kept running into the lock timeout."""


class StatementCanceledError(OperatorError):
    """A revision's statement ran past the statement timeout (or was canceled)."""


class MigrationRefusedError(OperatorError):
    """The server refused the migration: a user who may not change the schema, a
    read-only session or a standby."""


class MigrationSessionLostError(OperatorError):
    """The migration's session ended in the middle of the run."""


def describe(step: MigrationStep | None) -> str:
    if isinstance(step, RevisionStep):
        doc = f" ({step.doc})" if step.doc else ""  # a revision may have no docstring
        return f"revision {step.revision.revision}{doc}"
    return "the migration" if step is None else str(step)


class StepWatcher:
    """Sees each step of a run before it runs: refuses a downgrade that is not allowed
    before anything happens, and remembers which step is running."""

    def __init__(
        self, *, allow_downgrade: bool, before_step: Callable[[str], None] | None = None
    ) -> None:
        self._allow_downgrade = allow_downgrade
        self._before_step = before_step  # called with each step's name before it runs
        self._steps: StepsFunction | None = None
        self.running: MigrationStep | None = None

    def watch(self, steps: StepsFunction) -> "StepWatcher":
        """Stand between the command and `steps`, the function through which it hands its
        steps to env.py (`fn`). Idempotent: env.py configures anew for every attempt."""
        if steps is not self:
            self._steps = steps
        return self

    def __call__(self, heads: tuple[str, ...], context: Any) -> Iterator[MigrationStep]:
        if self._steps is None:
            raise RuntimeError("StepWatcher called before watch()")
        try:
            planned = list(self._steps(heads, context))
        except AttributeError as error:  # alembic takes each step's function as it plans
            module = getattr(error, "obj", None)
            if not isinstance(module, ModuleType) or error.name not in ("upgrade", "downgrade"):
                raise
            revision, path = getattr(module, "revision", "?"), Path(str(module.__file__))
            raise FunctionMissingError(
                f"revision {revision} ({path.name}) has no {error.name}() function; nothing ran"
            ) from None
        undone = [
            describe(step)
            for step in planned
            if isinstance(step, RevisionStep) and step.is_downgrade
        ]
        if undone and not self._allow_downgrade:
            raise DowngradeRefusedError(
                f"refusing to downgrade in production: it would undo {', '.join(undone)}"
                " and may drop data. Take a backup, then run it again with"
                " `alembic -x allow_downgrade=true downgrade ...`"
            )
        for step in planned:
            if self._before_step is not None:
                self._before_step(describe(step))
            self.running = step
            yield step
        self.running = None


class RevisionFailedError(OperatorError):
    """A revision's own statement failed (its bug, or the data it met)."""


def revision_failed(error: BaseException, step: MigrationStep | None, said: str) -> OperatorError:
    """`step` failed with `error` (`said`: why, in one line), in one line that says where
    in its revision file it was raised, if it was."""
    return RevisionFailedError(
        f"{describe(step)} failed{_where(error, step)}: {said}. It was rolled back; the"
        " revisions before it are applied."
    )


def rendering_failed(error: Exception, step: MigrationStep | None) -> OperatorError | None:
    """What `alembic ... --sql` says when a revision cannot be rendered offline: one line
    saying where, as online; None for an error outside any revision."""
    if not isinstance(step, RevisionStep):
        return None
    return RevisionFailedError(
        f"{describe(step)} cannot be rendered offline{_where(error, step)}:"
        f" {error_line(error)}. `--sql` has no database to read (make lint-migrations:"
        " offline-sql)"
    )


def _where(error: BaseException, step: MigrationStep | None) -> str:
    """` at file:line` of the revision file of `step` that raised `error`, if it did."""
    if not isinstance(step, RevisionStep):
        return ""
    path = step.revision.path
    frames = walk_tb(error.__traceback__)
    lines = [line for frame, line in frames if frame.f_code.co_filename == path]
    return f" at {Path(path).name}:{lines[-1]}" if lines else ""


def operator_error(error: DBAPIError, running: MigrationStep | None) -> OperatorError:
    """What failed, in one line an operator can act on."""
    state = sqlstate(error)
    step = describe(running)
    if state in (INSUFFICIENT_PRIVILEGE, READ_ONLY_TRANSACTION):
        return MigrationRefusedError(
            f"{step} was refused: {reason(error)}. Migrate as a user who may change the"
            " schema, on the primary (MIGRATION_DATABASE_URL); nothing of it was applied"
        )
    # Class 08: connection exceptions; 57P0x: the server ended the session (an operator's
    # pg_terminate_backend, a shutdown, idle_in_transaction_session_timeout is 25P03).
    if (
        error.connection_invalidated
        or state.startswith(("08", "57P"))
        or state == "25P03"
        or "connection is closed" in str(error.orig)
    ):
        return MigrationSessionLostError(
            f"{step} lost its database session: {reason(error)}. It was rolled back; the"
            " revisions before it are applied; run the migration again"
        )
    return revision_failed(error, running, reason(error))


def backoff(failures: int, lock_timeout: float) -> float:
    """Seconds to wait before the next attempt: the traffic queued behind the failed
    attempt gets at least as long as that attempt made it wait, then twice as long..."""
    return min(lock_timeout * 2.0 ** (failures - 1), MAX_BACKOFF)


async def retry_on_lock_timeout(
    attempt: Callable[[], Awaitable[None]],
    watcher: StepWatcher,
    *,
    retries: int,
    lock_timeout: float,
) -> None:
    """Run `attempt` (the whole remaining migration) until it completes. A revision that
    hits the lock timeout has been rolled back alone: the next attempt resumes with it.
    Each revision gets `retries` more attempts before the run gives up. A statement that
    was canceled is not tried again (it would only run as long again): one line says so."""
    failed = ""  # the step that failed last, by name: each attempt plans anew
    failures = 0
    while True:
        try:
            await attempt()
            return
        except DBAPIError as error:
            if sqlstate(error) == QUERY_CANCELED:
                reason = str(error.orig).splitlines()[0]
                raise StatementCanceledError(
                    f"{describe(watcher.running)} was stopped: {reason}"
                    " (MIGRATION_STATEMENT_TIMEOUT). It was rolled back; the revisions before"
                    " it are applied."
                ) from None
            if not is_lock_timeout(error):
                raise operator_error(error, watcher.running) from None
            step = describe(watcher.running)
            failures = failures + 1 if step == failed else 1
            failed = step
        except OperatorError:
            raise
        except Exception as error:  # a revision's own bug: one line, as a database error
            if not isinstance(watcher.running, RevisionStep):
                raise
            raise revision_failed(error, watcher.running, error_line(error)) from None
        if failures > retries:
            raise LocksUnavailableError(
                f"{failed} did not get its locks within {lock_timeout:g} s"
                f" (MIGRATION_LOCK_TIMEOUT), {failures} times: a long transaction holds a"
                " conflicting lock. It was rolled back; the revisions before it are applied."
            )
        delay = backoff(failures, lock_timeout)
        log.warning(
            "%s hit the lock timeout (%g s); retry %d of %d in %g s",
            failed,
            lock_timeout,
            failures,
            retries,
            delay,
        )
        await asyncio.sleep(delay)


async def flush_commits(connection: AsyncConnection) -> None:
    """Wait until every revision committed on `connection` is durable: one synchronous
    commit that writes a commit record flushes all the WAL before it."""
    await connection.execute(text("SET synchronous_commit = on"))
    await connection.execute(text("SELECT pg_current_xact_id()"))  # so there is a record
    await connection.commit()


async def refuse_read_only(connection: AsyncConnection) -> None:
    """Stop with one line before anything runs where nothing can be written: a standby,
    or a session that is read-only by default (the user's or the database's setting)."""
    in_recovery, read_only = (
        await connection.execute(
            text("SELECT pg_is_in_recovery(), current_setting('transaction_read_only') = 'on'")
        )
    ).one()
    await connection.commit()  # leave no transaction open: each revision begins its own
    if in_recovery:
        raise MigrationRefusedError(
            "the database is a standby (read-only, in recovery): migrate the primary"
            " (MIGRATION_DATABASE_URL); nothing was migrated"
        )
    if read_only:
        raise MigrationRefusedError(
            "the session is read-only (default_transaction_read_only is on for this user or"
            " database): migrate as a user who may change the schema"
            " (MIGRATION_DATABASE_URL); nothing was migrated"
        )
