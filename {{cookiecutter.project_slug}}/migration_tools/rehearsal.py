"""A deploy's migration commands, rehearsed as a deploy runs them: `alembic upgrade head`
on an empty database, then `alembic downgrade -1`, through alembic's own command line and
env.py (its lock, timeouts and retries), in a process of their own.

The walk proves every revision on one connection, without env.py; the rehearsal proves
the path production takes. It runs beside the walk, in a thread that only waits for its
process, so that on a machine with a second core it costs the suite little time.

    python -m migration_tools.rehearsal "upgrade head" "downgrade -1"
"""

import asyncio
import os
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor

from alembic.config import main as alembic_main
from sqlalchemy import URL

from migration_tools.alembic_api import PROJECT_ROOT


class DeployRehearsal:
    """Starts `commands` (each the arguments of one `alembic` command) on the database
    `url` at once, one after the other; `failure()` waits for them."""

    def __init__(self, url: URL, *commands: tuple[str, ...]) -> None:
        self._commands = commands
        # env.py migrates MIGRATION_DATABASE_URL when it is set, and DATABASE_URL else.
        target = url.render_as_string(hide_password=False)
        self._environment = {**os.environ, "MIGRATION_DATABASE_URL": target}
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="deploy-rehearsal")
        self._outcome: Future[str | None] = executor.submit(self._rehearse)
        executor.shutdown(wait=False)

    async def failure(self) -> str | None:
        """None when every command succeeded; else the one that failed, with its output."""
        return await asyncio.wrap_future(self._outcome)

    def _rehearse(self) -> str | None:
        # One interpreter for all the commands: starting one costs as much as a command.
        commands = [" ".join(arguments) for arguments in self._commands]
        finished = subprocess.run(  # noqa: S603  (our own interpreter and module)
            [sys.executable, "-m", __name__, *commands],
            cwd=PROJECT_ROOT,
            env=self._environment,
            capture_output=True,
            text=True,
        )
        if finished.returncode != 0:
            output = (finished.stdout + finished.stderr).strip()
            named = ", ".join(f"`alembic {command}`" for command in commands)
            return f"the deploy commands ({named}) failed:\n{output}"
        return None


def rehearse(commands: list[str]) -> None:
    """Run each command line as `alembic` would; say which one failed before failing."""
    for command in commands:
        try:
            alembic_main(argv=command.split())
        except BaseException as failure:
            if not (isinstance(failure, SystemExit) and failure.code in (None, 0)):
                print(f"`alembic {command}` failed:", file=sys.stderr)
            raise


if __name__ == "__main__":
    rehearse(sys.argv[1:])
