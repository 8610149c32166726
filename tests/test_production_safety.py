"""Migrations against a live database, with real processes: replicas migrating at once,
a table held by a long transaction, a revision that fails, a migrator killed mid-way, the
production downgrade guard, the readiness check, and every kind of bad input.

One bake per module (`include_examples=no`) with a chain of three small revisions of our
own, so each test knows exactly which locks each revision takes.
"""

import importlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
import yaml

import support.revisions
from support import clusters
from support.project import DEFAULT_SLUG, bake, run

LOCK_TIMEOUT = 0.2  # seconds: small, so the retries of a blocked revision take a moment
READER_SLACK = 0.4  # seconds a measured read may wait beyond the lock timeout
# Settings for every migration below: fast lock timeouts, the rest as shipped.
FAST = {"MIGRATION_LOCK_TIMEOUT": str(LOCK_TIMEOUT), "ENVIRONMENT": "development"}
HOSTILE_PASSWORD = "p%41@:/?#w%%d"

# (revision, doc, upgrade, downgrade): the second one needs ACCESS EXCLUSIVE on `item`.
CHAIN = [
    (
        "aaaa00000001",
        "create item",
        'op.create_table("item", sa.Column("id", sa.Integer(), primary_key=True))',
        'op.drop_table("item")',
    ),
    (
        "aaaa00000002",
        "add item note",
        'op.add_column("item", sa.Column("note", sa.Text()))',
        'op.drop_column("item", "note")',
    ),
    (
        "aaaa00000003",
        "create tag",
        'op.create_table("tag", sa.Column("id", sa.Integer(), primary_key=True))',
        'op.drop_table("tag")',
    ),
]
FIRST, SECOND, HEAD = (rev for rev, *_ in CHAIN)


def write_revision(
    project: Path, rev: str, doc: str, upgrade: str, downgrade: str, down: str | None
) -> None:
    support.revisions.write_revision(project, rev, down, upgrade, downgrade, message=doc)


@pytest.fixture(scope="module")
def chained_project(tmp_path_factory: pytest.TempPathFactory, cookies_session: Any) -> Path:
    project = bake(cookies_session, include_examples="no")
    down = None
    for rev, doc, upgrade, downgrade in CHAIN:
        write_revision(project, rev, doc, upgrade, downgrade, down)
        down = rev
    return project


@pytest.fixture
def own_project(chained_project: Path, tmp_path: Path) -> Path:
    """A private copy, for tests that change revisions."""
    return Path(shutil.copytree(chained_project, tmp_path / "project"))


@pytest.fixture
def env(database_env: dict[str, str]) -> dict[str, str]:
    return {**database_env, **FAST}


def conninfo(env: dict[str, str]) -> str:
    return env["DATABASE_URL"].replace("+asyncpg", "")


def alembic(
    project: Path, *arguments: str, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, "-m", "alembic", *arguments, cwd=project, env=env, check=False)


def version(env: dict[str, str]) -> str | None:
    with psycopg.connect(conninfo(env)) as connection:
        exists = connection.execute("SELECT to_regclass('alembic_version')").fetchone()
        if exists is None or exists[0] is None:
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if row is None else str(row[0])


def columns(env: dict[str, str], table: str) -> list[str]:
    with psycopg.connect(conninfo(env)) as connection:
        rows = connection.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
            " ORDER BY ordinal_position",
            (table,),
        ).fetchall()
    return [row[0] for row in rows]


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The whole output of a failed command, which must be a single line."""
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert result.returncode != 0, lines
    assert len(lines) == 1, lines
    assert "Traceback" not in lines[0]
    return lines[0]


# --- one migrator at a time ---------------------------------------------------------------


@pytest.mark.parametrize("replicas", [8, 32])
def test_concurrent_upgrades_all_succeed_and_apply_each_revision_once(
    chained_project: Path, env: dict[str, str], replicas: int
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
        for _ in range(replicas)
    ]
    outputs = [process.communicate(timeout=240)[0] for process in processes]

    failed = [out for process, out in zip(processes, outputs, strict=True) if process.returncode]
    assert not failed, failed[0]
    applied = [line for out in outputs for line in out.splitlines() if "Running upgrade" in line]
    assert len(applied) == len(CHAIN), applied
    assert version(env) == HEAD


# --- never stall traffic ------------------------------------------------------------------


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


# --- faults -------------------------------------------------------------------------------


def test_failing_revision_leaves_the_last_good_one_and_a_fix_applies(
    own_project: Path, env: dict[str, str]
) -> None:
    rev, doc, upgrade, downgrade = CHAIN[1]
    broken = f'{upgrade}\nop.execute("SELECT no_such_column FROM item")'
    write_revision(own_project, rev, doc, broken, downgrade, FIRST)

    result = alembic(own_project, "upgrade", "head", env=env)
    assert result.returncode != 0
    assert "no_such_column" in result.stderr
    assert version(env) == FIRST
    assert columns(env, "item") == ["id"]  # the failed revision's add_column rolled back
    assert columns(env, "tag") == []

    write_revision(own_project, rev, doc, upgrade, downgrade, FIRST)
    assert alembic(own_project, "upgrade", "head", env=env).returncode == 0
    assert version(env) == HEAD
    assert columns(env, "item") == ["id", "note"]


def test_a_revision_that_does_not_import_is_one_line_naming_its_file_and_line(
    own_project: Path, env: dict[str, str]
) -> None:
    broken = own_project / "migrations" / "versions" / "2030_01_02_0000_bbbb00000009_broken.py"
    head = f'"""broken"""\n\nrevision = "bbbb00000009"\ndown_revision = "{HEAD}"\n'
    for body, error in (
        ("def upgrade() -> None\n    pass\n", "SyntaxError: expected ':'"),
        ("import no_such_module\n", "ModuleNotFoundError: No module named 'no_such_module'"),
    ):
        broken.write_text(head + body)
        line = one_line(alembic(own_project, "upgrade", "head", env=env))
        assert f"{broken.name}:5: {error}" in line, line
    assert version(env) is None  # refused before anything ran


def wait_for(condition: Any, seconds: float) -> float:
    """Poll `condition()` until true; the seconds it took. Fails after `seconds`."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < seconds, f"still waiting after {seconds} s"
        time.sleep(0.05)
    return time.monotonic() - start


SLOW = ("aaaa00000004", "create slow", 'op.create_table("slow", sa.Column("id", sa.Integer()))')


def add_slow_revision(project: Path, *, sleep: bool) -> None:
    rev, doc, upgrade = SLOW
    if sleep:
        upgrade += '\nop.execute("SELECT pg_sleep(60)")'
    write_revision(project, rev, doc, upgrade, 'op.drop_table("slow")', HEAD)


def test_statement_timeout_stops_a_revision_with_one_clear_line(
    own_project: Path, env: dict[str, str]
) -> None:
    add_slow_revision(own_project, sleep=True)
    result = alembic(
        own_project, "upgrade", "head", env={**env, "MIGRATION_STATEMENT_TIMEOUT": "0.5"}
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stdout.strip() == (
        f"FAILED: revision {SLOW[0]} (create slow) was stopped: canceling statement due to"
        " statement timeout (MIGRATION_STATEMENT_TIMEOUT). It was rolled back; the revisions"
        " before it are applied."
    )
    assert version(env) == HEAD
    assert columns(env, "slow") == []


def test_sigkill_mid_migration_releases_the_lock_and_the_next_run_works(
    own_project: Path, env: dict[str, str]
) -> None:
    add_slow_revision(own_project, sleep=True)

    migration = subprocess.Popen(
        [sys.executable, "-m", "alembic", "upgrade", "head"],
        cwd=own_project,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with psycopg.connect(conninfo(env), autocommit=True) as observer:

        def count(sql: str) -> int:
            row = observer.execute(sql).fetchone()
            return int(row[0]) if row else 0

        sleeping_now = (
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid()"
        )
        advisory = (
            "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
            " WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()"
        )
        wait_for(lambda: count(sleeping_now) == 1, 60)
        assert count(advisory) == 1
        migration.send_signal(signal.SIGKILL)
        migration.wait()

        # Both sessions end within seconds: the lock's at once, the migration's (in the
        # middle of a statement) through client_connection_check_interval.
        assert wait_for(lambda: count(advisory) == 0 and count(sleeping_now) == 0, 10) < 5
    assert version(env) == HEAD  # the killed revision left nothing behind
    assert columns(env, "slow") == []

    add_slow_revision(own_project, sleep=False)
    assert alembic(own_project, "upgrade", "head", env=env).returncode == 0
    assert version(env) == SLOW[0]


# --- the lock's session, a frozen migrator ------------------------------------------------

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


# --- production downgrades, readiness -----------------------------------------------------


def test_production_refuses_a_downgrade_unless_explicitly_allowed(
    chained_project: Path, env: dict[str, str]
) -> None:
    assert alembic(chained_project, "upgrade", "head", env=env).returncode == 0
    production = {**env, "ENVIRONMENT": "production"}

    result = alembic(chained_project, "downgrade", "-1", env=production)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    refused = result.stdout.strip()
    assert refused.startswith("FAILED: refusing to downgrade in production: it would undo")
    assert f"revision {HEAD} (create tag)" in refused
    assert "-x allow_downgrade=true" in refused
    assert version(env) == HEAD

    allowed = alembic(
        chained_project, "-x", "allow_downgrade=true", "downgrade", "-1", env=production
    )
    assert allowed.returncode == 0, allowed.stderr
    assert version(env) == SECOND
    # Upgrades are never in question.
    assert alembic(chained_project, "upgrade", "head", env=production).returncode == 0


def check_db(project: Path, env: dict[str, str], *, make: bool = False) -> tuple[int, str]:
    """The readiness check's exit code and its output: `make check-db`, or the module."""
    if make:
        command: list[str | Path] = ["make", "check-db", f"PYTHON={sys.executable}"]
    else:
        command = [sys.executable, "-m", f"{DEFAULT_SLUG}.db.readiness"]
        env = {**env, "PYTHONPATH": str(project / "src")}
    result = run(*command, cwd=project, env=env, check=False)
    return result.returncode, result.stdout + result.stderr


def test_readiness_check_behind_at_and_ahead_of_head(
    chained_project: Path, env: dict[str, str]
) -> None:
    """Exit codes as the README documents them: 0 at head or provably ahead of it, 1 behind
    or at a revision it cannot prove descends from head, 2 when it cannot tell; `make
    check-db` turns every failure into make's own 2."""
    assert alembic(chained_project, "upgrade", SECOND, env=env).returncode == 0
    code, output = check_db(chained_project, env)
    assert code == 1
    assert f"behind: at {SECOND}, head is {HEAD}; run `alembic upgrade head`" in output
    code, output = check_db(chained_project, env, make=True)
    assert code == 2
    assert "database not ready: the database is behind" in output

    assert alembic(chained_project, "upgrade", "head", env=env).returncode == 0
    code, output = check_db(chained_project, env, make=True)
    assert code == 0, output
    assert f"database ready: at head ({HEAD})" in output

    with psycopg.connect(conninfo(env)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'bbbb00000009'")
    code, output = check_db(chained_project, env)
    assert code == 1
    assert "at bbbb00000009, a revision this code does not have, and alembic_lineage" in output
    # As a newer release's env.py records it: a revision descending from this head.
    with psycopg.connect(conninfo(env)) as connection:
        connection.execute("INSERT INTO alembic_lineage VALUES ('bbbb00000009', %s)", (HEAD,))
    code, output = check_db(chained_project, env, make=True)
    assert code == 0, output
    assert f"database ready: ahead of head ({HEAD}): at bbbb00000009, which descends" in output

    bad = {**env, "DATABASE_URL": "postgresql://svc:s3cret@127.0.0.1:0/app"}
    code, output = check_db(chained_project, bad)
    assert code == 2
    assert output.strip() == (
        "database not checked: invalid settings: DATABASE_URL: Value error, the port must be"
        " from 1 to 65535"
    )


# --- who may migrate where ----------------------------------------------------------------


@pytest.fixture
def role(env: dict[str, str]) -> Iterator[str]:
    """A login role of its own (no CREATE on the test database's schema); dropped after."""
    name = f"restricted_{os.urandom(4).hex()}"
    with psycopg.connect(conninfo(env), autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {name} LOGIN")
        try:
            yield name
        finally:
            admin.execute(f"DROP OWNED BY {name}")
            admin.execute(f"DROP ROLE {name}")


def test_a_user_who_may_not_migrate_gets_one_line(
    chained_project: Path, env: dict[str, str], role: str
) -> None:
    """A user without CREATE, a user the service reads as, a read-only session: one line
    each, nothing applied, never a traceback."""
    as_role = {**env, "DATABASE_URL": env["DATABASE_URL"].replace("postgres@", f"{role}@", 1)}
    assert role in as_role["DATABASE_URL"]
    result = alembic(chained_project, "upgrade", "head", env=as_role)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr  # alembic's log lines aside, one line
    assert result.stdout.strip() == (
        "FAILED: the migration was refused: permission denied for schema public. Migrate as a"
        " user who may change the schema, on the primary (MIGRATION_DATABASE_URL); nothing of"
        " it was applied"
    )
    assert version(env) is None

    assert alembic(chained_project, "upgrade", "head", env=env).returncode == 0
    code, output = check_db(chained_project, as_role)
    assert code == 2
    assert output.strip().startswith("database not checked: cannot read the schema version at")
    assert output.strip().endswith("permission denied for table alembic_version")

    database = conninfo(env).rpartition("/")[2]
    with psycopg.connect(conninfo(env), autocommit=True) as admin:
        admin.execute(
            f'ALTER ROLE CURRENT_USER IN DATABASE "{database}"'
            " SET default_transaction_read_only = on"
        )
    read_only = one_line(alembic(chained_project, "upgrade", "head", env=env))
    assert read_only.startswith("FAILED: the session is read-only (default_transaction_read_only")


@pytest.fixture(scope="module")
def replicated() -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    """Settings for a throwaway primary and for its hot standby."""
    with clusters.primary_and_standby() as (primary, standby):
        yield tuple(  # type: ignore[misc]
            {"DATABASE_URL": f"postgresql://postgres@127.0.0.1:{port}/postgres", **FAST}
            for port in (primary, standby)
        )


def test_a_standby_is_not_migrated_and_is_checked(
    chained_project: Path, replicated: tuple[dict[str, str], dict[str, str]]
) -> None:
    """`alembic upgrade head` (even with nothing to do) on a hot standby: one line that says
    so. `make check-db` reads a standby as well as the primary."""
    primary, standby = replicated
    assert alembic(chained_project, "upgrade", "head", env=primary).returncode == 0
    wait_for(lambda: version(standby) == HEAD, 30)

    refused = one_line(alembic(chained_project, "upgrade", "head", env=standby))
    assert refused == (
        "FAILED: the database is a standby (read-only, in recovery): migrate the primary"
        " (MIGRATION_DATABASE_URL); nothing was migrated"
    )
    code, output = check_db(chained_project, standby)
    assert code == 0, output
    assert output.strip() == f"database ready: at head ({HEAD})"


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        pytest.param(
            {"DATABASE_URL": "postgresql://svc@no-such-host.invalid/app"},
            'cannot connect to PostgreSQL at no-such-host.invalid:5432, database "app",'
            ' user "svc": unknown host',
            id="unreachable-host",
        ),
        pytest.param(
            {"DATABASE_URL": "postgresql://svc@127.0.0.1:{port}/app"},
            "cannot connect to PostgreSQL at 127.0.0.1:{port}",
            id="wrong-port",
        ),
        pytest.param(
            {"DATABASE_URL": "postgresql://postgres@127.0.0.1/no_such_database"},
            'database "no_such_database" does not exist',
            id="missing-database",
        ),
        pytest.param(
            {"DATABASE_URL": "::not a url::"},
            "DATABASE_URL: Value error, not a database URL",
            id="invalid-url",
        ),
        pytest.param(
            {"DATABASE_URL": "", "POSTGRES_DB": ""},
            "POSTGRES_DB: String should have at least 1 character",
            id="missing-setting",
        ),
    ],
)
def test_bad_input_is_one_clear_line(
    chained_project: Path, env: dict[str, str], settings: dict[str, str], expected: str
) -> None:
    port = str(clusters.free_port())
    bad = {name: value.replace("{port}", port) for name, value in settings.items()}
    line = one_line(alembic(chained_project, "upgrade", "head", env={**env, **bad}))
    assert line.startswith("FAILED: ")
    assert expected.replace("{port}", port) in line


@pytest.fixture(scope="module")
def scram_server() -> Iterator[dict[str, str]]:
    """A throwaway PostgreSQL that checks passwords (the shared one trusts everyone) and
    takes TCP connections over TLS only, with the hostile password set for `postgres`."""
    with clusters.cluster_home("scram_") as home:
        password = home / "password"
        password.write_text(HOSTILE_PASSWORD + "\n")
        clusters.owned(password)
        data = clusters.initdb(home, "--auth=scram-sha-256", f"--pwfile={password}")
        hba = data / "pg_hba.conf"
        hba.write_text(re.sub(r"^host(\s)", r"hostssl\1", hba.read_text(), flags=re.MULTILINE))
        cert, key = clusters.self_signed_certificate(home)
        port = clusters.free_port()
        tls = ("ssl=on", f"ssl_cert_file={cert}", f"ssl_key_file={key}")
        with clusters.running(home, data, port, *tls):
            yield {
                "DATABASE_URL": "",
                "POSTGRES_HOST": "127.0.0.1",
                "POSTGRES_PORT": str(port),
                "POSTGRES_USER": "postgres",
                "POSTGRES_PASSWORD": HOSTILE_PASSWORD,
                "POSTGRES_DB": "postgres",
                **FAST,
            }


def test_hostile_password_connects_and_a_wrong_one_is_named_without_it(
    chained_project: Path, scram_server: dict[str, str]
) -> None:
    migrated = alembic(chained_project, "upgrade", "head", env=scram_server)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    assert alembic(chained_project, "current", env=scram_server).stdout.strip() == f"{HEAD} (head)"

    wrong = {**scram_server, "POSTGRES_PASSWORD": HOSTILE_PASSWORD + "x"}
    line = one_line(alembic(chained_project, "upgrade", "head", env=wrong))
    port = scram_server["POSTGRES_PORT"]
    assert line == (
        f'FAILED: cannot connect to PostgreSQL at 127.0.0.1:{port}, database "postgres",'
        ' user "postgres": password authentication failed for user "postgres"'
    )
    assert not re.search(re.escape(HOSTILE_PASSWORD[:4]), line)


def test_a_hosted_url_with_sslmode_works(
    chained_project: Path, scram_server: dict[str, str]
) -> None:
    """`?sslmode=...`, as hosted databases write their URLs, reaches the driver: `require`
    connects over TLS, `disable` is turned away by a server that takes TLS only."""
    port = scram_server["POSTGRES_PORT"]
    url = f"postgresql://postgres:{quote(HOSTILE_PASSWORD, safe='')}@127.0.0.1:{port}/postgres"
    required = {**scram_server, "DATABASE_URL": f"{url}?sslmode=require"}
    assert alembic(chained_project, "current", env=required).returncode == 0
    refused = {**required, "DATABASE_URL": f"{url}?sslmode=disable"}
    line = one_line(alembic(chained_project, "current", env=refused))
    assert "no encryption" in line
    assert HOSTILE_PASSWORD[:4] not in line


# --- development defaults -----------------------------------------------------------------


def test_the_development_database_and_env_files_stay_local(
    default_project: Path, tmp_path: Path
) -> None:
    """compose.yaml publishes PostgreSQL on loopback only; git ignores every `.env.*` but
    the example, and the image's build context every one."""
    compose = yaml.safe_load((default_project / "compose.yaml").read_text())
    (published,) = compose["services"]["db"]["ports"]
    assert published.startswith("127.0.0.1:"), published

    project = Path(shutil.copytree(default_project, tmp_path / "project"))
    run("git", "init", "--quiet", cwd=project)
    names = [".env", ".env.production", ".env.local", ".env.example"]
    for name in names:
        (project / name).touch()
    checked = run("git", "check-ignore", *names, cwd=project, check=False)
    assert checked.stdout.split() == names[:-1]
    # Docker matches these patterns as fnmatch does (Go's filepath.Match, no `**` here).
    lines = (project / ".dockerignore").read_text().splitlines()
    patterns = [line for line in lines if line and not line.startswith(("#", "!"))]
    assert not [line for line in lines if line.startswith("!.env")]
    assert all(any(fnmatch(name, pattern) for pattern in patterns) for name in names)
