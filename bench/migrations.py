"""Benchmark: the generated migration tests against pytest-alembic, alembic and psql.

    python bench/migrations.py [--counts 50 150 300 1000] --project-python PATH \
        --pytest-alembic-python PATH

Bakes the default project, appends N synthetic revisions (bench/synthetic.py) for each
N, and prints one Markdown table of wall-clock seconds for whole processes. The project's
commands run in an environment holding only what the generated project depends on
(`--project-python`), as a team's would: no plugin of the template's own test suite
(hypothesis, pytest-cookies) loads into its pytest.


- the generated suite's migration tests (`pytest -m migrations tests/test_migrations.py`:
  shape, upgrade and back, stairway with the no-trace check on every revision, drift,
  registration, env.py through the real commands): cold, with nothing proven (its
  proofs dropped), on N revisions; then warm, after one more revision is added on top
  of the history the cold run proved;
- pytest-alembic's default tests on the chain of N + 1 (in their own virtual environment:
  PATH is its python), with a connection lent to env.py and with env.py connecting by
  itself per step;
- `alembic upgrade head` on an empty database, and psql applying its offline SQL;
- psql replaying the SQL of the harness's walk (bench/walk_sql.py), without and with its
  catalog snapshots: what PostgreSQL alone spends on the walk, the floor under it;
- what one test pays for isolation: a rolled-back session, a database copy.
"""

import argparse
import asyncio
import importlib
import os
import re
import shutil
import statistics
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from common import SLUG, bake, environment, machine, run, timed
from synthetic import append_revisions

HERE = Path(__file__).resolve().parent
PROJECT_PYTHON = sys.executable  # the generated project's environment (--project-python)


@contextmanager
def empty_database(project: Path) -> Iterator[str]:
    """A new database on the project's server (its settings), as a libpq URL."""
    sys.path[:0] = [str(project / "src"), str(project)]
    try:
        databases = importlib.import_module("release_checks.databases")  # the project's own
        settings = importlib.import_module(f"{SLUG}.settings")
        server = settings.load_settings().sqlalchemy_url
        url = asyncio.run(databases.create_database(server, databases.unique_name(server, "bench")))
        try:
            yield url.set(drivername="postgresql").render_as_string(hide_password=False)
        finally:
            asyncio.run(databases.drop_database(url))
    finally:
        del sys.path[:2]


def harness(project: Path) -> float:
    command = [PROJECT_PYTHON, "-m", "pytest", "-m", "migrations", "-q", "-p", "no:cacheprovider"]
    return timed([*command, "tests/test_migrations.py"], project)


def forget_proofs(project: Path) -> None:
    """Drop the project's migration proofs: the next run proves everything (cold)."""
    run([PROJECT_PYTHON, "-m", "release_checks", "proofs", "forget"], project)


def pytest_alembic(project: Path, python: str, mode: str) -> float:
    suite = project / "bench_pytest_alembic"
    if not suite.exists():
        shutil.copytree(HERE / "pytest_alembic", suite)
    command = [python, "-m", "pytest", "-c", "pytest.ini", "--rootdir", ".", "-q"]
    env = environment(BENCH_MODE=mode, BENCH_SLUG=SLUG)
    return timed([*command, "-p", "no:cacheprovider"], suite, env)


def alembic_upgrade(project: Path) -> float:
    with empty_database(project) as url:
        alembic = [PROJECT_PYTHON, "-m", "alembic", "upgrade", "head"]
        return timed(alembic, project, environment(DATABASE_URL=url))


def psql_offline(project: Path) -> float:
    sql = project / "upgrade.sql"
    sql.write_text(run([PROJECT_PYTHON, "-m", "alembic", "upgrade", "head", "--sql"], project))
    with empty_database(project) as url:
        return timed(["psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", "-f", sql, url], project)


def psql_walk(project: Path, *options: str) -> float:
    """psql replaying the walk's own SQL (bench/walk_sql.py): no Python between steps."""
    sql = project / f"walk{''.join(options)}.sql"
    sql.write_text(run([sys.executable, HERE / "walk_sql.py", project, *options], project))
    with empty_database(project) as url:
        command = ["psql", "-q", "-X", "-o", "/dev/null", "-v", "ON_ERROR_STOP=1", "-f", sql]
        return timed([*command, url], project)


def isolation(project: Path) -> dict[str, float]:
    """Milliseconds a test pays for each fixture: its mean time (setup and teardown
    included, the first of each kind left out as it pays the one-off setup) minus that
    of a test with no fixture."""
    shutil.copy(HERE / "isolation" / "test_isolation_cost.py", project / "tests")
    report = project / "isolation.xml"
    command = [PROJECT_PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    run([*command, "tests/test_isolation_cost.py", f"--junitxml={report}"], project)
    times: dict[str, list[float]] = {}
    for case in ET.parse(report).iter("testcase"):
        kind = re.sub(r"^test_|\[.*$", "", case.get("name", ""))
        times.setdefault(kind, []).append(float(case.get("time", "0")))
    bare = statistics.mean(times["bare"][1:])
    return {kind: (statistics.mean(times[kind][1:]) - bare) * 1000 for kind in times}


def measure(base: Path, workdir: Path, count: int, python: str) -> dict[str, float]:
    project = workdir / f"{count}_revisions"
    shutil.copytree(base, project)
    append_revisions(project, count)
    run([PROJECT_PYTHON, "-m", "alembic", "heads"], project)  # compile every revision once
    costs = isolation(project)
    forget_proofs(project)
    cold = harness(project)  # nothing proven: proves all, and keeps the proof
    append_revisions(project, 1, first=count)
    run([PROJECT_PYTHON, "-m", "alembic", "heads"], project)
    warm = harness(project)  # one new revision on a proven history
    try:
        return {
            "harness": cold,
            "harness, warm": warm,
            **others(project, python),
            "session": costs["session"],
            "database_copy": costs["database_copy"],
        }
    finally:
        forget_proofs(project)


def others(project: Path, python: str) -> dict[str, float]:
    """Everything else, on the project's history as it is."""
    return {
        "pytest-alembic, lent connection": pytest_alembic(project, python, "lent"),
        "pytest-alembic, env.py connects": pytest_alembic(project, python, "own"),
        "alembic upgrade head": alembic_upgrade(project),
        "psql, offline SQL": psql_offline(project),
        "psql, walk steps": psql_walk(project),
        "psql, walk steps and snapshots": psql_walk(project, "--snapshots"),
    }


def table(results: dict[int, dict[str, float]]) -> str:
    counts = list(results)
    rows = [
        "| | " + " | ".join(f"{count} revisions" for count in counts) + " |",
        "| --- |" + " ---: |" * len(counts),
    ]

    def row(label: str, cell: Callable[[dict[str, float]], str]) -> None:
        rows.append(f"| {label} | " + " | ".join(cell(results[c]) for c in counts) + " |")

    row(
        "this harness, cold: `pytest -m migrations`, nothing proven (whole process)",
        lambda r: f"{r['harness']:.1f} s",
    )
    row(
        "this harness, warm: one revision added to a proven history",
        lambda r: f"{r['harness, warm']:.1f} s",
    )
    for setup in ("lent connection", "env.py connects"):
        key = f"pytest-alembic, {setup}"
        row(
            f"pytest-alembic's default tests, {setup}",
            lambda r, key=key: (
                f"{r[key]:.1f} s ({r[key] / r['harness']:.1f}x cold, "
                f"{r[key] / r['harness, warm']:.1f}x warm)"
            ),
        )
    row("`alembic upgrade head`", lambda r: f"{r['alembic upgrade head']:.2f} s")
    row("psql on the offline SQL", lambda r: f"{r['psql, offline SQL']:.2f} s")
    row("psql replaying the walk's steps", lambda r: f"{r['psql, walk steps']:.2f} s")
    row(
        "psql replaying the walk's steps and snapshots",
        lambda r: f"{r['psql, walk steps and snapshots']:.2f} s",
    )
    row("per-test isolation: rolled-back `session`", lambda r: f"{r['session']:.1f} ms")
    row("per-test isolation: `database_copy`", lambda r: f"{r['database_copy']:.0f} ms")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[50, 150, 300, 1000])
    parser.add_argument("--project-python", required=True)
    parser.add_argument("--pytest-alembic-python", required=True)
    arguments = parser.parse_args()
    # Absolute, for they run in other directories; not resolved, or they would leave
    # their venv.
    global PROJECT_PYTHON
    PROJECT_PYTHON = os.path.abspath(arguments.project_python)
    python = os.path.abspath(arguments.pytest_alembic_python)
    with tempfile.TemporaryDirectory(prefix="bench_") as directory:
        workdir = Path(directory)
        base = bake(workdir / "baked")
        with empty_database(base) as url:
            server = run(["psql", "-X", "-At", "-c", "SHOW server_version", url], base).strip()
        results = {}
        for count in arguments.counts:
            print(f"measuring {count} revisions ...", file=sys.stderr, flush=True)
            results[count] = measure(base, workdir, count, python)
    print(table(results))
    print(f"\n{machine()}, PostgreSQL {server}, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
