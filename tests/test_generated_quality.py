"""A baked project passes its own checks as baked: ruff, mypy --strict, and its suite."""

import sys
from pathlib import Path
from typing import Any

import pytest

from support.project import bake, run

# Every value of every prompt at least once (pairwise would be 24 mypy runs); the oldest
# and the newest Python with the examples, whose code is where their rules differ.
COVERING_ANSWERS = [
    {"python_version": "3.11", "postgres_version": "15", "include_examples": "yes"},
    {"python_version": "3.12", "postgres_version": "17", "include_examples": "no"},
    {"python_version": "3.13", "postgres_version": "16", "include_examples": "no"},
    {"python_version": "3.14", "postgres_version": "17", "include_examples": "yes"},
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
@pytest.mark.parametrize("include_examples", ["yes", "no"])
def test_baked_suite_passes(cookies: Any, include_examples: str) -> None:
    project = bake(cookies, include_examples=include_examples)
    result = run("make", "test", f"PYTHON={sys.executable}", cwd=project)
    assert " passed" in result.stdout
    assert " failed" not in result.stdout


def test_make_help_lists_the_workflow(default_project: Path) -> None:
    listed = run("make", "help", cwd=default_project).stdout
    for target in (
        "migrate", "rollback", "reset", "revision", "revision-empty", "history", "current",
        "sql", "check", "test", "db", "help",
    ):  # fmt: skip
        assert f"  {target} " in listed
