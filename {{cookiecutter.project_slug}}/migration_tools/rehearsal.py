"""A deploy's migration commands, rehearsed as a deploy runs them: `alembic upgrade head`,
then `alembic downgrade -1`, through alembic's own command line and env.py (its lock,
timeouts and retries), in a process of their own.

The walk proves every revision on one connection, without env.py; the rehearsal proves
the path production takes. It runs beside the walk, in a thread that only waits for its
process, so that on a machine with a second core it costs the suite little time. The
same fresh interpreter first makes the registration check (registration.py), which
needs one too: one interpreter start and one import of the service for both.

    python -m migration_tools.rehearsal PACKAGE MODELS METADATA "upgrade head" "downgrade -1"

The process starts before its database exists (the check needs none), and reads the
database's URL from stdin.
"""

import asyncio
import contextlib
import json
import os
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from alembic.config import main as alembic_main
from sqlalchemy import URL

from migration_tools.alembic_api import PROJECT_ROOT
from migration_tools.registration import tables_outside


@dataclass(frozen=True)
class Outcome:
    failure: str | None  # None when every command succeeded; else which failed, and why
    unregistered: dict[str, str]  # tables importing the models module misses -> module
    registration_error: str | None  # why the registration check could not run


class DeployRehearsal:
    """Starts the registration check of `registration` (PACKAGE, MODELS_MODULE, METADATA:
    see registration.py) at once; `begin(url)` then runs `commands` (each the arguments
    of one `alembic` command) on the database `url`, one after the other, and
    `outcome()` waits for them."""

    def __init__(self, registration: tuple[str, ...], *commands: tuple[str, ...]) -> None:
        self._commands = [" ".join(arguments) for arguments in commands]
        self._process = subprocess.Popen(  # noqa: S603  (our own interpreter and module)
            [sys.executable, "-m", __name__, *registration, *self._commands],
            cwd=PROJECT_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._outcome: Future[Outcome] | None = None

    def begin(self, url: URL) -> None:
        """Run the commands on `url`, in a thread that only waits for the process."""
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="deploy-rehearsal")
        self._outcome = executor.submit(self._rehearse, url)
        executor.shutdown(wait=False)

    async def outcome(self) -> Outcome:
        if self._outcome is None:
            raise RuntimeError("the deploy rehearsal was never given its database")
        return await asyncio.wrap_future(self._outcome)

    def close(self) -> None:
        """Stop the process if it never began (what made its database failed)."""
        if self._outcome is None:
            self._process.kill()
            self._process.communicate()

    def _rehearse(self, url: URL) -> Outcome:
        # The URL goes through stdin, not the command line, which any user may read.
        out, err = self._process.communicate(url.render_as_string(hide_password=False) + "\n")
        first, _, _ = out.partition("\n")
        try:
            registration = json.loads(first)
        except ValueError:
            registration = {"error": f"it did not run:\n{err.strip()}"}
        failure = None
        if self._process.returncode != 0:
            named = ", ".join(f"`alembic {command}`" for command in self._commands)
            failure = f"the deploy commands ({named}) failed:\n{err.strip()}"
        return Outcome(failure, registration.get("outside", {}), registration.get("error"))


def rehearse(commands: list[str]) -> None:
    """Run each command line as `alembic` would; say which one failed before failing."""
    for command in commands:
        try:
            alembic_main(argv=command.split())
        except BaseException as failure:
            if not (isinstance(failure, SystemExit) and failure.code in (None, 0)):
                print(f"`alembic {command}` failed:", file=sys.stderr)
            raise


def _registration(package: str, models_module: str, metadata: str) -> dict[str, object]:
    try:
        return {"outside": tables_outside(package, models_module, metadata)}
    except Exception as error:  # reported by the registration test
        return {"error": f"{type(error).__name__}: {error}"}


if __name__ == "__main__":
    print(json.dumps(_registration(*sys.argv[1:4])), flush=True)
    # env.py migrates MIGRATION_DATABASE_URL when it is set, and DATABASE_URL else.
    os.environ["MIGRATION_DATABASE_URL"] = sys.stdin.readline().strip()
    with contextlib.redirect_stdout(sys.stderr):  # the first line of stdout is the check's
        rehearse(sys.argv[4:])
