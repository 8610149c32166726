"""A baked project installs into a fresh virtual environment with the commands its README
gives (pip, and uv), and its `make test` passes there."""

import os
import re
import shlex
import sys
from pathlib import Path
from typing import Any

import pytest

from support.project import bake, readme_pip_install, run


@pytest.mark.slow
def test_fresh_install_runs_its_own_tests(cookies: Any, tmp_path: Path) -> None:
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    project = bake(cookies, python_version=running)
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    python = venv / "bin" / "python"

    pip, *arguments = readme_pip_install(project)
    assert pip == "pip"
    run(python, "-m", "pip", "install", "--quiet", *arguments, cwd=project)

    result = run("make", "test", f"PYTHON={python}", cwd=project)
    assert re.search(r"\d+ passed", result.stdout)
    assert "failed" not in result.stdout


def readme_uv_commands(project: Path) -> list[list[str]]:
    readme = (project / "README.md").read_text()
    match = re.search(r"^uv venv .*$", readme, re.MULTILINE)
    assert match, "the README's quick start has no uv line"
    return [shlex.split(part) for part in match.group(0).split("&&")]


@pytest.mark.slow
def test_uv_install_runs_its_own_tests(cookies: Any) -> None:
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    project = bake(cookies, python_version=running)
    # uv finds the interpreter this suite runs on (not a virtualenv's: uv skips those),
    # and must not download one.
    base_python = Path(getattr(sys, "_base_executable", sys.executable)).resolve().parent
    path = os.pathsep.join([str(base_python), str(Path(sys.executable).parent), os.environ["PATH"]])
    env = {"PATH": path, "UV_PYTHON_DOWNLOADS": "never", "VIRTUAL_ENV": ""}

    commands = readme_uv_commands(project)
    assert [command[:2] for command in commands] == [["uv", "venv"], ["uv", "pip"]]
    for command in commands:
        run(*command, cwd=project, env=env)

    result = run("make", "test", f"PYTHON={project / '.venv' / 'bin' / 'python'}", cwd=project)
    assert re.search(r"\d+ passed", result.stdout)
    assert "failed" not in result.stdout
