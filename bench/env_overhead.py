"""What the production safety of the generated `env.py` costs: `alembic upgrade head` over a
long chain, with the generated env against the stock `alembic init -t async` env.

Three envs run the same revision files (the default bake plus a synthetic chain) as real
`alembic` processes, each on a fresh empty database, back to back in each round (the
order alternates): the stock env; the stock env importing the service's settings and
models as the generated one does (no safety features); the generated env. The figures are
medians of the rounds' ratios; the verdict is the cost of the safety features alone
(generated vs stock+service), at most 10%.

Usage: `python bench/env_overhead.py [--revisions 300] [--rounds 9]` (`make bench-env`).
The server is the one a generated project finds (POSTGRES_* or DATABASE_URL).
"""

import argparse
import asyncio
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import alembic
from common import SLUG, bake, machine
from synthetic import append_revisions

BUDGET = 0.10  # the safety features may cost at most 10%


def stock_env(workdir: Path, versions: Path, name: str) -> Path:
    """`alembic init -t async` in `workdir/name`, running our revision files; its ini."""
    home = workdir / name
    home.mkdir()
    subprocess.run(
        [sys.executable, "-m", "alembic", "init", "-t", "async", "env"],
        cwd=home,
        check=True,
        capture_output=True,
    )
    (home / "env" / "versions").rmdir()
    (home / "env" / "versions").symlink_to(versions)
    return home / "alembic.ini"


def with_service_imports(ini: Path, project: Path) -> Path:
    """The stock env plus what the generated env loads that is not a safety feature: the
    service's settings and models (`target_metadata`, for autogenerate)."""
    env_py = ini.parent / "env" / "env.py"
    text = env_py.read_text()
    assert "target_metadata = None" in text, "the stock async template changed"
    env_py.write_text(
        text.replace(
            "target_metadata = None",
            f"import {SLUG}.models\n"
            f"from {SLUG}.db import Base\n"
            f"from {SLUG}.settings import get_settings\n\n"
            "get_settings()\n"
            "target_metadata = Base.metadata",
        )
    )
    lines = ini.read_text().splitlines()
    paths = f"{project / 'src'} {project}"
    ini.write_text(
        "\n".join(
            f"prepend_sys_path = {paths}\npath_separator = space"
            if line.startswith("prepend_sys_path")
            else line
            for line in lines
            if not line.startswith("path_separator")
        )
        + "\n"
    )
    return ini


def import_from(project: Path, module: str) -> ModuleType:
    sys.path[:0] = [str(project / "src"), str(project)]
    return __import__(module, fromlist=["_"])


def timed_upgrade(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one `alembic upgrade head`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env={**os.environ, **env}, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--revisions", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=9)
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench_env_") as tmp:
        workdir = Path(tmp)
        project = bake(workdir)
        append_revisions(project, arguments.revisions)
        chain = len(list((project / "migrations" / "versions").glob("*.py")))
        versions = project / "migrations" / "versions"
        stock_ini = stock_env(workdir, versions, "stock")
        service_ini = with_service_imports(stock_env(workdir, versions, "service"), project)
        settings = import_from(project, f"{SLUG}.settings")
        databases = import_from(project, "release_checks.databases")
        server = settings.load_settings().sqlalchemy_url

        def generated(url: str) -> tuple[float, float]:
            command = [sys.executable, "-m", "alembic", "upgrade", "head"]
            return timed_upgrade(command, project, {"DATABASE_URL": url})

        def stock_on(ini: Path) -> Callable[[str], tuple[float, float]]:
            def upgrade(url: str) -> tuple[float, float]:
                # The stock env reads its URL from the ini; `%` is escaped for ConfigParser.
                lines = [
                    f"sqlalchemy.url = {url.replace('%', '%%')}"
                    if line.startswith("sqlalchemy.url")
                    else line
                    for line in ini.read_text().splitlines()
                ]
                ini.write_text("\n".join(lines) + "\n")
                command = [sys.executable, "-m", "alembic", "-c", str(ini), "upgrade", "head"]
                return timed_upgrade(command, ini.parent, {})

            return upgrade

        def on_fresh_database(run: Callable[[str], tuple[float, float]]) -> tuple[float, float]:
            name = databases.unique_name(server, "bench_env")
            url = asyncio.run(databases.create_database(server, name))
            try:
                return run(url.render_as_string(hide_password=False))
            finally:
                asyncio.run(databases.drop_database(url))

        variants = {
            "stock": stock_on(stock_ini),
            "stock+service": stock_on(service_ini),
            "generated": generated,
        }
        walls: dict[str, list[float]] = {name: [] for name in variants}
        cpus: dict[str, list[float]] = {name: [] for name in variants}
        for round_ in range(arguments.rounds):
            order = list(variants.items())
            for name, run in order if round_ % 2 == 0 else reversed(order):
                wall, cpu = on_fresh_database(run)
                walls[name].append(wall)
                cpus[name].append(cpu)

    def overhead(times: dict[str, list[float]], base: str) -> float:
        # Each round runs every variant back to back, so a ratio within a round cancels
        # the load of the moment on a shared machine: the median of the rounds' ratios.
        pairs = zip(times["generated"], times[base], strict=True)
        return statistics.median(ours / theirs for ours, theirs in pairs) - 1

    print(f"alembic upgrade head, {chain} revisions, {arguments.rounds} rounds")
    print(f"  {'env':<14} {'wall median':>11} {'wall min':>9} {'CPU median':>11}")
    for name in variants:
        print(
            f"  {name:<14} {statistics.median(walls[name]):9.2f} s {min(walls[name]):7.2f} s"
            f" {statistics.median(cpus[name]):9.2f} s"
        )
    total = overhead(walls, "stock")
    safety = overhead(walls, "stock+service")
    print(f"  generated vs stock:         {total:+.1%} wall, {overhead(cpus, 'stock'):+.1%} CPU")
    print(
        f"  safety features alone:      {safety:+.1%} wall,"
        f" {overhead(cpus, 'stock+service'):+.1%} CPU (generated vs stock+service;"
        f" budget {BUDGET:.0%})"
    )
    print(f"machine: {machine()}")
    print(
        f"python {platform.python_version()}, alembic {alembic.__version__},"
        f" server {server.host}:{server.port}"
    )
    sys.exit(0 if safety <= BUDGET else 1)


if __name__ == "__main__":
    main()
