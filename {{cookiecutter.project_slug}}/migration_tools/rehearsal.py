"""A deploy's migration commands, rehearsed as a deploy runs them: `alembic upgrade head`
on an empty database, then `alembic downgrade -1`, each the real command in a process of
its own, through env.py (its lock, timeouts and retries).

The walk proves every revision on one connection, without env.py; the rehearsal proves
the path production takes. It runs beside the walk, in a thread that only waits for its
processes, so that on a machine with a second core it costs the suite no time.
"""

import asyncio
import os
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor

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
        for arguments in self._commands:
            command = [sys.executable, "-m", "alembic", *arguments]
            finished = subprocess.run(  # noqa: S603  (our own interpreter and alembic)
                command, cwd=PROJECT_ROOT, env=self._environment, capture_output=True, text=True
            )
            if finished.returncode != 0:
                output = (finished.stdout + finished.stderr).strip()
                return f"`alembic {' '.join(arguments)}` exited {finished.returncode}:\n{output}"
        return None
