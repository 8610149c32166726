"""A baked project installs into a fresh virtual environment with the command its README
gives, and its `make test` passes there."""

import re
import shlex
import sys
from pathlib import Path
from typing import Any

import pytest

from support.project import bake, run


def readme_install_command(project: Path) -> list[str]:
    readme = (project / "README.md").read_text()
    match = re.search(r"^pip install .*?(?=\s+#|$)", readme, re.MULTILINE)
    assert match, "the README's quick start has no pip install line"
    return shlex.split(match.group(0))


@pytest.mark.slow
def test_fresh_install_runs_its_own_tests(cookies: Any, tmp_path: Path) -> None:
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    project = bake(cookies, python_version=running)
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    python = venv / "bin" / "python"

    pip, *arguments = readme_install_command(project)
    assert pip == "pip"
    run(python, "-m", "pip", "install", "--quiet", *arguments, cwd=project)

    result = run("make", "test", f"PYTHON={python}", cwd=project)
    assert re.search(r"\d+ passed", result.stdout)
    assert "failed" not in result.stdout
