"""A baked project installs into a fresh virtual environment with the commands its README
gives (pip, and uv), the versions it pins (constraints.txt, uv.lock) and no others, and
works there: the service imports, alembic reads its history, the gate runs. With uv, on
the oldest Python the template offers, its whole suite passes there too (on the Python
the template's suite runs on, test_project_experience.py's CI steps run it)."""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from support.project import DEFAULT_SLUG, EXAMPLES_HEAD, TEMPLATE, bake, readme_pip_installs, run


@pytest.mark.slow
def test_readmes_pip_command_installs_a_working_project(cookies: Any, tmp_path: Path) -> None:
    """The README's pip commands, in a fresh virtual environment: the service, its tools
    and its migrations work there."""
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    project = bake(cookies, python_version=running)
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    python = venv / "bin" / "python"

    # pip itself first, then the project (a venv's own pip took twice as long for it).
    for pip, install, *arguments in readme_pip_installs(project):
        assert (pip, install) == ("pip", "install")
        # Not byte-compiling what it installs changes nothing installed, and saves a third.
        run(python, "-m", "pip", "install", "--quiet", "--no-compile", *arguments, cwd=project)

    assert installed(python, project) == pinned(project)
    works_there(python, project)


def works_there(python: Path, project: Path) -> None:
    run(python, "-c", f"import {DEFAULT_SLUG}.api.app, release_checks.gate", cwd=project)
    assert run(python, "-m", "alembic", "heads", cwd=project).stdout.split()[0] == EXAMPLES_HEAD
    lint = run("make", "lint-migrations", f"PYTHON={python}", cwd=project)
    assert "pass the migration gate" in lint.stdout


LIST = (
    "import importlib.metadata as m, json\n"
    "print(json.dumps({d.name: d.version for d in m.distributions()}))"
)


def installed(python: Path, project: Path) -> dict[str, str]:
    """What a virtual environment holds, but what `python -m venv` seeds (pip, and
    setuptools before Python 3.12) and the project itself: name -> version."""
    found = json.loads(run(python, "-c", LIST, cwd=project).stdout)
    names = {name.lower().replace("_", "-"): version for name, version in found.items()}
    return {
        name: version
        for name, version in names.items()
        if name not in ("pip", "setuptools", DEFAULT_SLUG.replace("_", "-"))
    }


def pinned(project: Path) -> dict[str, str]:
    """constraints.txt's versions (for this platform: none of its markers apply here)."""
    text = (project / "constraints.txt").read_text()
    return {
        name.lower(): version
        for name, version, marker in re.findall(r"^([\w.-]+)==(\S+)(.*)$", text, re.MULTILINE)
        if "win32" not in marker
    }


def readme_uv_commands(project: Path) -> list[list[str]]:
    readme = (project / "README.md").read_text()
    match = re.search(r"^uv sync .*?(?=\s+#|$)", readme, re.MULTILINE)
    assert match, "the README's quick start has no uv line"
    return [shlex.split(part) for part in match.group(0).split("&&")]


def oldest_python() -> tuple[str, Path]:
    """The oldest python_version the template offers, and where an interpreter of it is
    installed here (found on PATH or as pyenv's: not a shim, nor a virtualenv's)."""
    offered = json.loads((TEMPLATE / "cookiecutter.json").read_text())["python_version"]
    version = min(offered, key=lambda v: tuple(map(int, v.split("."))))
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    found = [shutil.which(f"python{version}"), *pyenv.glob(f"versions/{version}.*/bin/python3")]
    for candidate in filter(None, found):
        asked = subprocess.run(
            [
                candidate,
                "-c",
                "import sys; print(getattr(sys, '_base_executable', sys.executable))",
            ],
            capture_output=True,
            text=True,
        )
        if asked.returncode == 0:  # a shim naming another version fails
            return version, Path(asked.stdout.strip())
    pytest.skip(f"no Python {version} here: install it (pyenv install {version}) for this test")


@pytest.mark.slow
def test_uvs_command_installs_a_project_whose_suite_passes_on_the_oldest_python(
    cookies: Any,
) -> None:
    version, interpreter = oldest_python()
    project = bake(cookies, python_version=version)
    # uv finds that interpreter (not a virtualenv's: uv skips those), and must not download one.
    path = os.pathsep.join(
        [str(interpreter.parent), str(Path(sys.executable).parent), os.environ["PATH"]]
    )
    env = {"PATH": path, "UV_PYTHON_DOWNLOADS": "never", "VIRTUAL_ENV": ""}

    commands = readme_uv_commands(project)
    assert [command[:3] for command in commands] == [["uv", "sync", "--locked"]]
    for command in commands:
        run(*command, cwd=project, env=env)
    python = project / ".venv" / "bin" / "python"
    assert run(python, "-c", "import sys; print(sys.version)", cwd=project).stdout.startswith(
        version
    )
    assert installed(python, project) == pinned(project)
    works_there(python, project)
    assert " passed" in run("make", "test", f"PYTHON={python}", cwd=project).stdout
