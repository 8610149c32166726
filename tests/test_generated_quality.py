"""A baked project passes its own checks as baked: ruff, mypy --strict, and its suite."""

import sys
from pathlib import Path
from typing import Any

import pytest

from support.project import WITHOUT_CATALOG_EXAMPLES, bake, run

# Every value of every prompt at least once (pairwise would be 24 mypy runs); the oldest
# and the newest Python with the examples, whose code is where their rules differ; each
# api with and without the examples (the examples add endpoints).
PROMPTS = ("python_version", "postgres_version", "include_examples", "api")
COVERING_ANSWERS = [
    dict(zip(PROMPTS, values, strict=True))
    for values in [
        ("3.11", "15", "yes", "none"),
        ("3.12", "17", "no", "fastapi"),
        ("3.13", "16", "no", "none"),
        ("3.14", "17", "yes", "fastapi"),
    ]
]


@pytest.mark.parametrize(
    "answers", COVERING_ANSWERS, ids=["-".join(a.values()) for a in COVERING_ANSWERS]
)
def test_ruff_and_mypy_strict_pass(cookies: Any, answers: dict[str, str]) -> None:
    project = bake(cookies, **answers)
    run(sys.executable, "-m", "ruff", "check", ".", cwd=project)
    run(sys.executable, "-m", "ruff", "format", "--check", ".", cwd=project)
    run(sys.executable, "-m", "mypy", cwd=project)


@pytest.mark.slow
def test_baked_suite_passes_without_examples_or_api(cookies: Any) -> None:
    """The other extreme of the default bake, whose suite the CI-steps test
    (test_project_experience.py) and the fresh uv install (test_install.py) run."""
    project = bake(cookies, include_examples="no", api="none")
    result = run(
        "make", "test", f"PYTHON={sys.executable}", cwd=project, env=WITHOUT_CATALOG_EXAMPLES
    )
    assert " passed" in result.stdout
    assert " failed" not in result.stdout


def test_make_help_lists_the_workflow(default_project: Path) -> None:
    listed = run("make", "help", cwd=default_project).stdout
    for target in (
        "migrate", "rollback", "reset", "revision", "revision-empty", "history", "current",
        "sql", "check", "test", "db", "help", "run",
    ):  # fmt: skip
        assert f"  {target} " in listed
