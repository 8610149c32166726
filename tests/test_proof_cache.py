"""A baked project's migration tests remember what they proved, and never more.

A run whose walk passed keeps the proof of the history up to head (a template database);
a later run restores the longest prefix whose key still matches and walks what follows.
Each case asserts on what a run says it walked ("N revisions restored from a proof, M
proved"), not on time: nothing changed walks nothing old, a new revision walks one, and
any change to a proven revision, to what the key covers, to what a revision read while
it was proven (a helper module, a file, an environment variable), or to the stored proof
or CI's record of it is walked again; a defect planted in a revision cached as clean, or
in a helper it calls, is still caught.
"""

import json
import re
import secrets
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psycopg
import pytest

from support.project import DEFAULT_SLUG, bake, run, server_conninfo
from support.project import EXAMPLES_HEAD as HEAD
from support.revisions import write_revision

TUNED = "1d0000000001"  # planted: a column's statistics target
NOTE = re.compile(r"migration proofs: (\d+) revisions restored from a proof, (\d+) walked")

# What no model declares, so drift has nothing to say about it; the no-trace check does.
TUNE = '    op.execute("ALTER TABLE account ALTER COLUMN id SET STATISTICS 500")'
UNTUNE = '    op.execute("ALTER TABLE account ALTER COLUMN id SET STATISTICS -1")'
TUNE_MORE = '    op.execute("ALTER TABLE account ALTER COLUMN created_at SET STATISTICS 500")'
UNTUNE_MORE = '    op.execute("ALTER TABLE account ALTER COLUMN created_at SET STATISTICS -1")'


@pytest.fixture
def project(cookies_session: Any, tmp_path: Path) -> Path:
    copy = tmp_path / DEFAULT_SLUG
    shutil.copytree(bake(cookies_session), copy)
    return copy


def migration_tests(
    project: Path, *options: str, env: dict[str, str] | None = None
) -> tuple[int, tuple[int, int], str]:
    """Run the baked `pytest -m migrations`: its exit code, (restored, proved), output."""
    result = run(
        sys.executable, "-m", "pytest", "-m", "migrations", "-q", "-p", "no:cacheprovider",
        "tests/test_migrations.py", *options,
        cwd=project, env={"PYTHONDONTWRITEBYTECODE": "", **(env or {})}, check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    note = NOTE.search(output)
    assert note, output
    return result.returncode, (int(note[1]), int(note[2])), output


def passes(project: Path, *options: str, env: dict[str, str] | None = None) -> tuple[int, int]:
    code, walked, output = migration_tests(project, *options, env=env)
    assert code == 0, output
    return walked


def proofs(project: Path) -> dict[str, str]:
    """The project's proofs on the server: database -> comment."""
    with psycopg.connect(server_conninfo(), autocommit=True) as connection:
        rows = connection.execute(
            "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname LIKE '%%\\_proof\\_%%' "
            "AND split_part(shobj_description(oid, 'pg_database'), E'\\n', 1) LIKE '%%' || %s",
            [f" {project}"],
        ).fetchall()
    return dict(rows)


def on_server(*statements: str) -> None:
    with psycopg.connect(server_conninfo(), autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def oldest_first(project: Path) -> list[str]:
    found = proofs(project)
    return sorted(found, key=lambda name: float(found[name].split()[2]))


def test_the_service_tests_database_starts_from_the_proof(project: Path) -> None:
    """The database the service's tests copy is migrated by `alembic upgrade head` from
    the longest proven prefix, as a deploy starts from production's schema; a proof of
    the whole history is that database already, lineage included (the readiness tests
    read it)."""
    # The session's database is made before the first test: these few are enough.
    health = ["tests/api/test_health.py", "tests/test_migration_safety.py", "-k", "ready"]
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *health]
    assert passes(project) == (0, 3)
    at_head = run(*command, cwd=project, env={"PYTHONDONTWRITEBYTECODE": ""}).stdout
    assert "the tests' database: 3 revisions restored from a proof" in at_head, at_head
    write_revision(project, TUNED, HEAD, TUNE, UNTUNE)
    again = run(*command, cwd=project, env={"PYTHONDONTWRITEBYTECODE": ""}).stdout
    assert "the tests' database: 3 revisions restored from a proof" in again, again


def test_a_run_walks_only_what_no_earlier_run_proved(project: Path) -> None:
    assert passes(project) == (0, 3)  # nothing proven: the whole history
    assert passes(project) == (3, 0)  # nothing changed: nothing old walked

    write_revision(project, TUNED, HEAD, TUNE, UNTUNE)
    assert passes(project) == (3, 1)  # one new revision: one walked
    assert len(proofs(project)) == 2  # a proof at each head proven

    # A defect planted in the revision proven clean: its key changes, so it is walked
    # again, and caught.
    write_revision(project, TUNED, HEAD, TUNE, "    pass")
    code, walked, output = migration_tests(project)
    assert (code, walked) == (1, (3, 1)), output
    assert f"downgrade of {TUNED}" in output
    assert "did not leave the schema as it found it" in output

    # Fixed as it was, and a revision after it: the fixed one's proof still holds.
    write_revision(project, TUNED, HEAD, TUNE, UNTUNE)
    write_revision(project, "c0000000000c", TUNED, TUNE_MORE, UNTUNE_MORE)
    assert passes(project) == (4, 1)

    # A proof that is not what it recorded is walked again: the longest one's schema
    # changed behind the tests' back, and the next one's record is garbled. Neither is a
    # proof: the longest is dropped (as if it had never been), the next is skipped, and
    # the one before them restored.
    *_, next_longest, longest = oldest_first(project)
    on_server(f'ALTER DATABASE "{longest}" WITH ALLOW_CONNECTIONS true')
    with psycopg.connect(server_conninfo(longest), autocommit=True) as connection:
        connection.execute("CREATE TABLE smuggled (id int)")
    on_server(f'ALTER DATABASE "{longest}" WITH ALLOW_CONNECTIONS false')
    on_server(f"COMMENT ON DATABASE \"{next_longest}\" IS 'garbage'")
    assert passes(project) == (3, 2)
    assert longest in proofs(project)  # proven again, under the same key
    assert next_longest not in proofs(project)  # a record no one can read is no proof: gone

    assert passes(project, "--prove-all") == (0, 5)  # the switch walks everything


# A revision that reads the project beyond its own file, as it is loaded (a helper module
# of the service, a .sql file beside the revisions) and as it runs (an environment
# variable).
HELPER = 'UNTUNE = "ALTER TABLE account ALTER COLUMN id SET STATISTICS -1"\n'
BROKEN_HELPER = 'UNTUNE = "SELECT 1"\n'
READING = f"""
import os
from pathlib import Path

from {DEFAULT_SLUG}.db.tuning import UNTUNE

TUNE = (Path(__file__).parents[1] / "tune.sql").read_text()
"""
READ_TUNE = """
op.execute(TUNE)
if os.environ.get("TUNE_MORE"):
    op.execute("ALTER TABLE account ALTER COLUMN created_at SET STATISTICS 500")
"""
READ_UNTUNE = """
op.execute(UNTUNE)
if os.environ.get("TUNE_MORE"):
    op.execute("ALTER TABLE account ALTER COLUMN created_at SET STATISTICS -1")
"""


def cli(project: Path, *arguments: str) -> str:
    return run(sys.executable, "-m", "release_checks", *arguments, cwd=project).stdout.strip()


def test_a_proof_holds_only_while_what_its_revisions_read_is_unchanged(project: Path) -> None:
    """The issue's case: a helper a revision calls changes after the proof, and now its
    downgrade leaves a trace; it is walked again and caught. CI's record of a proof is
    checked the same way before it is rebuilt, and must rebuild to the schema it names."""
    helper = project / "src" / DEFAULT_SLUG / "db" / "tuning.py"
    helper.write_text(HELPER)
    sql = "ALTER TABLE account ALTER COLUMN id SET STATISTICS 500"
    (project / "migrations" / "tune.sql").write_text(sql)
    path = write_revision(project, TUNED, HEAD, READ_TUNE, READ_UNTUNE)
    imports = "from alembic import op\n"
    path.write_text(path.read_text().replace(imports, imports + READING))
    assert passes(project) == (0, 4)
    assert cli(project, "proofs", "save") == "1 proven prefixes of the history recorded"
    record = (project / ".migration-proofs").read_text()
    for read in ["tuning.py", "migrations/tune.sql", "env unset TUNE_MORE"]:
        assert read in record, record

    helper.write_text(BROKEN_HELPER)
    code, walked, output = migration_tests(project)
    assert (code, walked) == (1, (0, 4)), output
    assert f"the proof of 4 revisions dropped: src/{DEFAULT_SLUG}/db/tuning.py changed" in output
    assert f"downgrade of {TUNED}" in output
    helper.write_text(HELPER)

    # CI's record: its proof rebuilt only when it gives the schema it recorded; what is
    # not a record in it, ignored.
    schema = record.split()[2]
    forged = record.replace(schema, "0" * 64) + f"4 {'0' * 64}\n  file 0 {helper.name}\n"
    (project / ".migration-proofs").write_text(forged)
    assert cli(project, "proofs", "load").splitlines() == [
        "lines of the record that are not proofs, ignored: 2",
        "the record of 4 revisions proven not trusted: they do not give the schema it recorded",
        "proven: 0 of 4 revisions",
    ]
    (project / ".migration-proofs").write_text(record)
    assert cli(project, "proofs", "load") == "proven: 4 of 4 revisions"

    # And the proof it rebuilt holds only with the environment it was proven in.
    code, walked, output = migration_tests(project, env={"TUNE_MORE": "1"})
    assert (code, walked) == (0, (0, 4)), output
    assert "dropped: the environment variable TUNE_MORE changed" in output


def databases_of(owner: str) -> list[str]:
    with psycopg.connect(server_conninfo(), autocommit=True) as connection:
        rows = connection.execute(
            "SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [f"{owner}_"]
        ).fetchall()
    return sorted(name for (name,) in rows)


def test_parallel_runs_on_one_server_keep_one_proof(project: Path, tmp_path: Path) -> None:
    """Two runs at once (pytest-xdist workers, CI jobs on one server) prove the same
    history; both pass, and one proof is kept. Every database they made is named after
    whose it is (POSTGRES_DB), and the proof is the only one left."""
    owner = f"team_{secrets.token_hex(4)}"
    env = {"POSTGRES_DB": owner}
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda _: migration_tests(project, env=env), range(2)))
    assert [code for code, _, _ in runs] == [0, 0], runs
    # Both walk the history; or, when one starts after the other saved its proof (a
    # loaded machine), that one restores it.
    walked = sorted(walked for _, walked, _ in runs)
    assert walked[0] == (0, 3), runs
    assert walked[1] in ((0, 3), (3, 0)), runs
    (proof,) = proofs(project)
    assert databases_of(owner) == [proof]
    assert proof.startswith(f"{owner}_proof_")
    assert passes(project, env=env) == (3, 0)

    # A checkout made again where a deleted one was (a killed run's, a new clone) proves
    # for itself: what another checkout left on the server is not its proof; and once it
    # has its own, it drops what the deleted one left there.
    shutil.move(project, tmp_path / "deleted")
    shutil.copytree(tmp_path / "deleted", project)
    shutil.rmtree(tmp_path / "deleted")
    assert passes(project, env=env) == (0, 3)
    (again,) = proofs(project)
    assert again != proof
    assert databases_of(owner) == [again]


KEYS = """
import dataclasses, json
from pathlib import Path
from release_checks.project import alembic_config, read_settings
from release_checks.history import History
from release_checks.proofs.store import key_inputs, prefix_keys

history = History.load(alembic_config())
inputs = key_inputs("15.20", read_settings())
keys = {"as baked": prefix_keys(history, inputs)}
for field, value in [("server", "16.4"), ("alembic", "0"), ("sqlalchemy", "0"),
                     ("asyncpg", "0"), ("python", "0"), ("rules", "other")]:
    keys[field] = prefix_keys(history, dataclasses.replace(inputs, **{field: value}))
for name, path in [("second revision", history.revisions[1].path),
                   ("env.py", "migrations/env.py"),
                   ("tooling", "release_checks/walk/snapshot.py"),
                   ("history definition", "src/%s/db/history.py"),
                   ("alembic.ini", "alembic.ini")]:
    file = Path(path)
    text = file.read_text()
    file.write_text(text + "\\n# edited\\n")
    keys[name] = prefix_keys(history, key_inputs("15.20", read_settings()))
    file.write_text(text)
print(json.dumps(keys))
"""


def test_the_key_covers_what_a_verdict_depends_on(project: Path) -> None:
    script = KEYS % DEFAULT_SLUG
    keys = json.loads(run(sys.executable, "-c", script, cwd=project).stdout)
    baked = keys.pop("as baked")
    assert len(baked) == 3
    edited = keys.pop("second revision")
    assert edited[0] == baked[0]  # before the edit
    assert edited[1] != baked[1]  # from the edit on
    for changed, changed_keys in keys.items():
        assert all(a != b for a, b in zip(changed_keys, baked, strict=True)), changed
