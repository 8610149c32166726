"""Helpers shared by the template's tests: bake the template, run what was baked."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from psycopg.conninfo import make_conninfo

TEMPLATE = Path(__file__).resolve().parents[2]
DEFAULT_SLUG = "accounts_service"
# The examples' head revision, which the corpora and planted revisions continue.
EXAMPLES_HEAD = "3f2c9b1d4e6a"


# The rule examples only the catalog judges walk 70 revisions and are the same whatever the
# answers: the CI-steps test's run of the default bake's whole suite runs them, and the
# other whole-suite runs of a bake leave them out (as this environment of theirs says).
WITHOUT_CATALOG_EXAMPLES = {
    "PYTEST_ADDOPTS": "-k 'not test_the_walk_judges_each_example_only_the_catalog_sees'"
}


def bake(cookies: Any, **answers: str) -> Path:
    """Bake the template with `answers` (with the HTTP service unless `api` says otherwise:
    most of the specification needs it, while the prompt's own default keeps old projects
    as they were); fail the test with cookiecutter's error if it refuses."""
    result = cookies.bake(extra_context={"api": "fastapi", **answers})
    assert result.exit_code == 0, result.exception
    return Path(result.project_path)


def server_conninfo(database: str = "postgres") -> str:
    """A database (the maintenance one unless named) on the server the baked projects'
    settings point at, as their defaults name it (POSTGRES_HOST/PORT/USER/PASSWORD)."""
    env = os.environ
    return make_conninfo(
        host=env.get("POSTGRES_HOST", "127.0.0.1"),
        port=env.get("POSTGRES_PORT", "5432"),
        user=env.get("POSTGRES_USER", "postgres"),
        password=env.get("POSTGRES_PASSWORD") or None,
        dbname=database,
    )


def run(
    *command: str | Path, cwd: Path, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run a real command; on an unexpected exit, show what it printed."""
    # A baked project's `make` is not a sub-make of the template's own `make test`.
    inherited = {
        k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")
    }
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env={**inherited, **(env or {})},
        capture_output=True,
        text=True,
    )
    if check and result.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, command))} exited {result.returncode}\n"
            f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
        )
    return result


def alembic(project: Path, *arguments: str, env: dict[str, str], check: bool = True) -> str:
    result = run(sys.executable, "-m", "alembic", *arguments, cwd=project, env=env, check=check)
    return result.stdout + result.stderr


def readme_pip_installs(project: Path) -> list[list[str]]:
    """The quick start's `pip install ...` lines of a baked README, as arguments."""
    readme = (project / "README.md").read_text()
    lines = re.findall(r"^pip install .*?(?=\s+#|$)", readme, re.MULTILINE)
    assert lines, "the README's quick start has no pip install line"
    return [shlex.split(line) for line in lines]
