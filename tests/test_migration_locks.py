"""One migrator at a time, and traffic never stalls behind one: replicas migrating at once,
a revision blocked by a long read, the lock's session ended or guarded by the server, a
migrator frozen while it holds a table lock."""

import importlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest

from support.chain import (
    CHAIN,
    FIRST,
    HEAD,
    LOCK_TIMEOUT,
    SECOND,
    alembic,
    columns,
    conninfo,
    version,
    wait_for,
    write_revision,
)
from support.project import DEFAULT_SLUG

READER_SLACK = 0.4  # seconds a measured read may wait beyond the lock timeout
REPLICAS = 16  # migrating at once (8 at once already crash stock alembic)


def test_concurrent_upgrades_all_succeed_and_apply_each_revision_once(
    chained_project: Path, env: dict[str, str]
) -> None:
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "alembic", "upgrade", "head"],
            cwd=chained_project,
            env={**os.environ, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(REPLICAS)
    ]
    outputs = [process.communicate(timeout=240)[0] for process in processes]

    failed = [out for process, out in zip(processes, outputs, strict=True) if process.returncode]
    assert not failed, failed[0]
    applied = [line for out in outputs for line in out.splitlines() if "Running upgrade" in line]
    assert len(applied) == len(CHAIN), applied
    assert version(env) == HEAD


class Reader(threading.Thread):
    """Reads the table over and over, recording how long each read waited."""

    def __init__(self, env: dict[str, str]) -> None:
        super().__init__(daemon=True)
        self.connection = psycopg.connect(conninfo(env), autocommit=True)
        self.waits: list[float] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            start = time.monotonic()
            self.connection.execute("SELECT count(*) FROM item")
            self.waits.append(time.monotonic() - start)
            time.sleep(0.005)

    def finish(self) -> float:
        self.stop.set()
        self.join()
        self.connection.close()
        return max(self.waits)


def test_blocked_revision_gives_up_retries_and_never_stalls_readers(
    chained_project: Path, env: dict[str, str]
) -> None:
    assert alembic(chained_project, "upgrade", FIRST, env=env).returncode == 0
    reader = Reader(env)
    reader.start()
    # A long read transaction: ALTER TABLE item must wait for it, and reads queue behind.
    holder = psycopg.connect(conninfo(env))
    holder.execute("SELECT count(*) FROM item")

    # It never gets the lock: 1 + 2 attempts, then one clear line; nothing of it applied.
    result = alembic(chained_project, "upgrade", "head", env={**env, "MIGRATION_LOCK_RETRIES": "2"})
    assert result.returncode != 0
    assert result.stderr.count("hit the lock timeout") == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert (
        f"FAILED: revision {SECOND} (add item note) did not get its locks within"
        f" {LOCK_TIMEOUT:g} s (MIGRATION_LOCK_TIMEOUT), 3 times" in result.stdout
    )
    assert version(env) == FIRST

    # The holder ends while the migration waits between attempts: a retry succeeds.
    migration = subprocess.Popen(
        [sys.executable, "-m", "alembic", "upgrade", "head"],
        cwd=chained_project,
        env={**os.environ, **env, "MIGRATION_LOCK_RETRIES": "5"},
        stderr=subprocess.PIPE,
        text=True,
    )
    assert migration.stderr is not None
    log = []
    for line in migration.stderr:
        log.append(line)
        if "hit the lock timeout" in line:
            holder.rollback()
            break
    log.append(migration.communicate(timeout=60)[1])
    assert migration.returncode == 0, "".join(log)
    assert version(env) == HEAD
    holder.close()

    longest = reader.finish()
    # It did queue behind the migration, never for much longer than the lock timeout (the
    # slack covers scheduling on a loaded machine; without the timeout it would be seconds).
    assert LOCK_TIMEOUT / 4 < longest < LOCK_TIMEOUT + READER_SLACK, sorted(reader.waits)[-5:]


PAUSE = ("aaaa00000004", "pause", "op.execute('SELECT pg_sleep({seconds})')")
AFTER = ("aaaa00000005", "create after", 'op.create_table("after", sa.Column("id", sa.Integer()))')
ADVISORY_HELD = (
    "SELECT pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
    " WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()"
)
PAUSING = (
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
    " AND query LIKE '%pg_sleep(%' AND pid <> pg_backend_pid()"
)


def add_pause(project: Path, seconds: float) -> None:
    """Two revisions after the chain: one that sleeps `seconds`, one after it."""
    rev, doc, upgrade = PAUSE
    write_revision(project, rev, doc, upgrade.format(seconds=seconds), "pass", HEAD)
    write_revision(project, *AFTER, 'op.drop_table("after")', rev)


def start_upgrade(project: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "alembic", "upgrade", "head"],
        cwd=project,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def observer(env: dict[str, str]) -> psycopg.Connection[Any]:
    """A connection of the test's own, spared the guards a test sets on its database."""
    connection = psycopg.connect(conninfo(env), autocommit=True)
    connection.execute("SET idle_session_timeout = 0")
    connection.execute("SET statement_timeout = '20s'")  # a test that fails does not hang
    return connection


def pids(connection: psycopg.Connection[Any], query: str) -> list[int]:
    return [row[0] for row in connection.execute(query).fetchall()]


def test_server_guards_neither_end_nor_cut_short_the_lock_session(
    own_project: Path, env: dict[str, str], generated: dict[str, Any]
) -> None:
    """An idle_session_timeout on the database and a statement_timeout on the role, both
    shorter than the lock's wait and its idling: the run waits, holds on, and completes."""
    add_pause(own_project, 1.5)
    key = importlib.import_module(f"{DEFAULT_SLUG}.db.migration_lock").MIGRATION_LOCK_KEY
    database = conninfo(env).rpartition("/")[2]
    with observer(env) as watch:
        watch.execute("SELECT pg_advisory_lock(%s)", (key,))  # another migrator, for now
        watch.execute(f"ALTER DATABASE \"{database}\" SET idle_session_timeout = '300ms'")
        watch.execute(
            f"ALTER ROLE CURRENT_USER IN DATABASE \"{database}\" SET statement_timeout = '300ms'"
        )
        migration = start_upgrade(own_project, env)
        waiting = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        wait_for(lambda: watch.execute(waiting).fetchone() == (1,), 30)
        time.sleep(0.6)  # waiting past the statement timeout
        watch.execute("SELECT pg_advisory_unlock(%s)", (key,))

        wait_for(lambda: pids(watch, PAUSING), 30)
        time.sleep(0.8)  # the lock's session idles past the idle-session timeout
        assert len(pids(watch, ADVISORY_HELD)) == 1
        out, err = migration.communicate(timeout=60)
    assert migration.returncode == 0, out + err
    assert version(env) == AFTER[0]


@pytest.mark.parametrize("ended", ["lock", "migration"])
def test_a_migrator_whose_session_ends_stops_with_one_line(
    own_project: Path, env: dict[str, str], ended: str
) -> None:
    """pg_terminate_backend on the lock's session: the migrator stops before the next
    revision (another one may have the lock now); on the migration's: at once."""
    add_pause(own_project, 1.5 if ended == "lock" else 60)
    migration = start_upgrade(own_project, env)
    with observer(env) as watch:
        wait_for(lambda: pids(watch, PAUSING), 30)
        (pid,) = pids(watch, ADVISORY_HELD if ended == "lock" else PAUSING)
        watch.execute("SELECT pg_terminate_backend(%s)", (pid,))
        out, err = migration.communicate(timeout=60)
    assert migration.returncode != 0
    assert "Traceback" not in err, err
    if ended == "lock":
        assert out.strip() == (
            "FAILED: the session holding the migration lock has ended (closed by the server"
            " or lost with the network), so another migration may be running: stopped before"
            f" revision {AFTER[0]} (create after). The revisions before it are applied; run"
            " the migration again"
        ), out
        assert version(env) == PAUSE[0]
    else:
        line = out.strip()
        assert line.startswith(f"FAILED: revision {PAUSE[0]} (pause) lost its database session:")
        assert "terminating connection due to administrator command" in line
        assert line.endswith("It was rolled back; the revisions before it are applied; run the"
                             " migration again")  # fmt: skip
        assert version(env) == HEAD


def test_a_frozen_migrator_lets_go_of_its_table_locks(
    own_project: Path, env: dict[str, str]
) -> None:
    """SIGSTOP while a revision holds ACCESS EXCLUSIVE on `item`, inside its transaction:
    the server ends the idle transaction, readers go on; SIGCONT: one line, nothing half."""
    assert alembic(own_project, "upgrade", FIRST, env=env).returncode == 0
    rev, doc, upgrade, downgrade = CHAIN[1]
    write_revision(own_project, rev, doc, f"{upgrade}\nop.execute('SELECT pg_sleep(0.5)')",
                   downgrade, FIRST)  # fmt: skip
    frozen = {**env, "MIGRATION_IDLE_IN_TRANSACTION_TIMEOUT": "0.5"}
    migration = start_upgrade(own_project, frozen)
    with observer(env) as watch:
        wait_for(lambda: pids(watch, PAUSING), 30)
        migration.send_signal(signal.SIGSTOP)
        try:
            start = time.monotonic()
            watch.execute("SELECT count(*) FROM item")  # waits for the frozen transaction
            waited = time.monotonic() - start
        finally:
            migration.send_signal(signal.SIGCONT)
        out, err = migration.communicate(timeout=60)
    assert waited < 0.5 + 0.5 + 2, waited  # the sleep, the timeout, slack for a busy machine
    assert migration.returncode != 0
    assert "Traceback" not in err, err
    assert out.strip().startswith(
        f"FAILED: revision {SECOND} (add item note) lost its database session:"
    ), out
    assert version(env) == FIRST
    assert columns(env, "item") == ["id"]
