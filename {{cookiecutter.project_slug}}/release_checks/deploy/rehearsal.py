"""A deploy's migration commands, rehearsed as a deploy runs them: `alembic upgrade head`,
then `alembic downgrade -1`, through alembic's own command line and env.py (its lock,
timeouts and retries), in a process of their own.

The walk proves every revision on one connection, without env.py; the rehearsal proves
the path production takes. Beside it, the registration check (registration.py) runs in a
fresh interpreter too. Both processes start at once, before the walk, and a thread only
waits for each, so that they cost the suite little time on a machine with a second core.

    python -m release_checks.deploy.rehearsal MODELS_MODULE "upgrade head" "downgrade -1"

The process starts before its database exists: it imports the models module, as env.py
will, then reads the database's URL from stdin.
"""

import asyncio
import contextlib
import gc
import importlib
import json
import os
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from alembic.config import main as alembic_main
from sqlalchemy import URL

from release_checks.project import PROJECT_ROOT


@dataclass(frozen=True)
class Outcome:
    failure: str | None  # None when every command succeeded; else which failed, and why
    unregistered: dict[str, str]  # tables importing the models module misses -> module
    registration_error: str | None  # why the registration check could not run


class DeployRehearsal:
    """Starts the registration check of `registration` (PACKAGE, MODELS_MODULE, METADATA:
    see registration.py) and the process of `commands` (each the arguments of one
    `alembic` command) at once; `begin(url)` gives the commands the database `url` to run
    on, one after the other, and `outcome()` waits for both."""

    def __init__(self, registration: tuple[str, str, str], *commands: tuple[str, ...]) -> None:
        self._commands = [" ".join(arguments) for arguments in commands]
        _package, models_module, _metadata = registration
        self._check = _start("release_checks.deploy.registration", *registration)
        self._deploy = _start(__name__, models_module, *self._commands)
        self._outcome: Future[Outcome] | None = None

    def begin(self, url: URL) -> None:
        """Run the commands on `url`, in a thread that only waits for the processes."""
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="deploy-rehearsal")
        self._outcome = executor.submit(self._rehearse, url)
        executor.shutdown(wait=False)

    async def outcome(self) -> Outcome:
        if self._outcome is None:
            raise RuntimeError("the deploy rehearsal was never given its database")
        return await asyncio.wrap_future(self._outcome)

    def close(self) -> None:
        """Stop the processes if they never began (what made their database failed)."""
        if self._outcome is None:
            for process in (self._check, self._deploy):
                process.kill()
                process.communicate()

    def _rehearse(self, url: URL) -> Outcome:
        # The URL goes through stdin, not the command line, which any user may read.
        _, err = self._deploy.communicate(url.render_as_string(hide_password=False) + "\n")
        failure = None
        if self._deploy.returncode != 0:
            named = ", ".join(f"`alembic {command}`" for command in self._commands)
            failure = f"the deploy commands ({named}) failed:\n{err.strip()}"
        out, err = self._check.communicate()
        try:  # its last line: the service's modules may print as they are imported
            registration = json.loads(out.strip().rpartition("\n")[2])
        except ValueError:
            registration = {"error": f"it did not run:\n{err.strip()}"}
        return Outcome(failure, registration.get("outside", {}), registration.get("error"))


def _start(module: str, *arguments: str) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603  (our own interpreter and module)
        [sys.executable, "-m", module, *arguments],
        cwd=PROJECT_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def rehearse(commands: list[str]) -> None:
    """Run each command line as `alembic` would; say which one failed before failing: in
    one line when a revision raises (alembic's log above it names the revision), not a
    traceback through alembic and env.py."""
    for command in commands:
        try:
            # alembic prints its one-line FAILED on stdout; the rehearsal reports stderr
            with contextlib.redirect_stdout(sys.stderr):
                alembic_main(argv=command.split())
        except SystemExit as failure:
            if failure.code not in (None, 0):
                print(f"`alembic {command}` failed (the line above says why)", file=sys.stderr)
            raise
        except Exception as failure:
            from {{ cookiecutter.project_slug }}.db.errors import error_line  # only when it failed

            print(f"`alembic {command}` failed: {error_line(failure)}", file=sys.stderr)
            raise SystemExit(1) from None


if __name__ == "__main__":
    importlib.import_module(sys.argv[1])  # as env.py will, while the database is made
    # env.py migrates MIGRATION_DATABASE_URL when it is set, and DATABASE_URL else.
    os.environ["MIGRATION_DATABASE_URL"] = sys.stdin.readline().strip()
    try:
        rehearse(sys.argv[2:])
    finally:  # spare the last collection at exit the history loaded twice (0.3 s at 1000)
        gc.freeze()
