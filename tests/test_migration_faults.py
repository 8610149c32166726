"""A revision that fails, does not import, runs past its statement timeout or is killed
mid-way leaves the database at the last good revision, says so in one line, and the next
run works."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import psycopg

from support.chain import (
    CHAIN,
    FIRST,
    HEAD,
    alembic,
    columns,
    conninfo,
    one_line,
    version,
    wait_for,
    write_revision,
)


def test_failing_revision_leaves_the_last_good_one_and_a_fix_applies(
    own_project: Path, env: dict[str, str]
) -> None:
    rev, doc, upgrade, downgrade = CHAIN[1]
    broken = f'{upgrade}\nop.execute("SELECT no_such_column FROM item")'
    write_revision(own_project, rev, doc, broken, downgrade, FIRST)

    result = alembic(own_project, "upgrade", "head", env=env)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr  # a revision's bug too is one line
    line = result.stdout.strip()
    assert line.startswith(f"FAILED: revision {rev} ({doc}) failed at "), line
    assert line.endswith(
        ': column "no_such_column" does not exist. It was rolled back; the revisions before it'
        " are applied."
    ), line
    assert version(env) == FIRST
    assert columns(env, "item") == ["id"]  # the failed revision's add_column rolled back
    assert columns(env, "tag") == []

    write_revision(own_project, rev, doc, upgrade, downgrade, FIRST)
    assert alembic(own_project, "upgrade", "head", env=env).returncode == 0
    assert version(env) == HEAD
    assert columns(env, "item") == ["id", "note"]


def test_a_revision_raising_a_bare_exception_names_its_type_alone(
    own_project: Path, env: dict[str, str]
) -> None:
    """`raise NotImplementedError` (keystone's revisions never downgrade) says nothing:
    the line names the type, not `NotImplementedError: .`"""
    rev, doc, upgrade, downgrade = CHAIN[1]
    write_revision(own_project, rev, doc, f"{upgrade}\nraise NotImplementedError", downgrade, FIRST)
    result = alembic(own_project, "upgrade", "head", env=env)
    assert "Traceback" not in result.stderr
    line = result.stdout.strip()
    assert line.startswith(f"FAILED: revision {rev} ({doc}) failed at "), line
    assert line.endswith(
        ": NotImplementedError. It was rolled back; the revisions before it are applied."
    ), line
    assert version(env) == FIRST

    # Without a docstring (open-webui's first revision has comments instead): no `()`.
    path = next((own_project / "migrations" / "versions").glob(f"*_{rev}_*.py"))
    path.write_text(path.read_text().split('"""', 2)[2])
    line = alembic(own_project, "upgrade", "head", env=env).stdout.strip()
    assert line.startswith(f"FAILED: revision {rev} failed at "), line


def test_undoing_a_revision_without_downgrade_is_refused_in_one_line(
    own_project: Path, env: dict[str, str]
) -> None:
    """keystone's revisions have no downgrade(): `alembic downgrade` says so, online and
    offline, not alembic's AttributeError with a traceback."""
    rev, doc, upgrade, _ = CHAIN[1]
    write_revision(own_project, rev, doc, upgrade, "pass", FIRST)
    path = next((own_project / "migrations" / "versions").glob(f"*_{rev}_*.py"))
    path.write_text(path.read_text().split("def downgrade")[0])
    assert alembic(own_project, "upgrade", "head", env=env).returncode == 0
    said = f"FAILED: revision {rev} ({path.name}) has no downgrade() function; nothing ran"
    for arguments in ([FIRST], [f"{HEAD}:{FIRST}", "--sql"]):
        result = alembic(own_project, "downgrade", *arguments, env=env)
        assert result.returncode != 0
        assert "Traceback" not in result.stderr, result.stderr
        assert said in result.stdout.splitlines(), result.stdout
    assert version(env) == HEAD  # refused before the revision after it was undone


def test_a_revision_that_cannot_be_rendered_offline_is_one_line_naming_its_file_and_line(
    own_project: Path, env: dict[str, str]
) -> None:
    """`alembic upgrade --sql` of a revision that reads the database (keystone's, open-webui's
    inspect it): one line saying which and where, as online, not a traceback."""
    rev, doc, upgrade, downgrade = CHAIN[1]
    reads = f"{upgrade}\nsa.inspect(op.get_bind()).get_table_names()"
    write_revision(own_project, rev, doc, reads, downgrade, FIRST)
    result = alembic(own_project, "upgrade", f"{FIRST}:head", "--sql", env=env)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1, result.stdout
    assert failed[0].startswith(
        f"FAILED: revision {rev} ({doc}) cannot be rendered offline at "
        f"2030_01_01_0000_{rev}_add_item_note.py:"
    ), failed[0]
    assert ": NoInspectionAvailable: No inspection system is available" in failed[0]
    assert failed[0].endswith("`--sql` has no database to read (make lint-migrations: offline-sql)")
    # stdout is the SQL, sent to a file: the line is on stderr too, where one looks
    said = failed[0].removeprefix("FAILED: ")
    assert f"ERROR [alembic.util.messaging] {said}" in result.stderr.splitlines(), result.stderr


def test_a_string_of_several_commands_runs_and_fails_as_one_statement_would(
    own_project: Path, env: dict[str, str]
) -> None:
    """Through env.py's own engine (asyncpg, which prepares each statement): the string
    runs as one simple query in its revision's transaction; its failure is the same one
    line with the server's words, its statement timeout the same stop."""
    rev, doc, upgrade, downgrade = CHAIN[1]
    several = "CREATE TABLE one (id int); CREATE TABLE two (id int)"
    broken = f'{upgrade}\nop.execute("{several}; SELECT 1/0")'
    write_revision(own_project, rev, doc, broken, downgrade, FIRST)
    result = alembic(own_project, "upgrade", "head", env=env)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    line = result.stdout.strip()
    assert line.startswith(f"FAILED: revision {rev} ({doc}) failed at "), line
    assert line.endswith(
        ": division by zero. It was rolled back; the revisions before it are applied."
    ), line
    assert (version(env), columns(env, "one"), columns(env, "item")) == (FIRST, [], ["id"])

    slow = f'{upgrade}\nop.execute("{several}; SELECT pg_sleep(60)")'
    write_revision(own_project, rev, doc, slow, downgrade, FIRST)
    timeout = {**env, "MIGRATION_STATEMENT_TIMEOUT": "0.5"}
    line = alembic(own_project, "upgrade", "head", env=timeout).stdout.strip()
    assert line.startswith(f"FAILED: revision {rev} ({doc}) was stopped: canceling"), line

    write_revision(own_project, rev, doc, f'{upgrade}\nop.execute("{several}")', downgrade, FIRST)
    assert alembic(own_project, "upgrade", "head", env=env).returncode == 0
    assert (version(env), columns(env, "one"), columns(env, "two")) == (HEAD, ["id"], ["id"])


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


def test_a_revision_in_a_second_version_location_that_does_not_import_names_its_file(
    own_project: Path, env: dict[str, str]
) -> None:
    """With two `version_locations` (keystone's folders), not alembic's "Multiple
    version_locations present" in place of the error."""
    ini = own_project / "alembic.ini"
    more = "version_locations = %(here)s/migrations/versions %(here)s/migrations/more"
    ini.write_text(ini.read_text().replace("[alembic]\n", f"[alembic]\n{more}\n", 1))
    broken = own_project / "migrations" / "more" / "2030_01_02_0000_bbbb00000009_broken.py"
    broken.parent.mkdir()
    broken.write_text(
        f'"""broken"""\n\nrevision = "bbbb00000009"\ndown_revision = "{HEAD}"\n'
        "import no_such_module\n"
    )
    line = one_line(alembic(own_project, "upgrade", "head", env=env))
    assert f"{broken.name}:5: ModuleNotFoundError: No module named 'no_such_module'" in line


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
