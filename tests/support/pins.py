"""Write the pinned dependency sets a bake ships: `make pins` (`--upgrade`: the newest).

A generated project installs the versions the template's tests ran with: `uv.lock` for
uv, `constraints.txt` for pip (README: Dependencies). Both depend on the answers that
change `pyproject.toml`'s dependencies or its `requires-python` (python_version, api), so
the template keeps one pair per combination under `{{cookiecutter.project_slug}}/.pins/`,
and the post-generation hook keeps the pair of the answers given, with the project's own
name in the lock. Each pair is made here from a real bake of its combination (the default
name, which the hook replaces), so a bake's lock is exactly what `uv lock` makes of its
`pyproject.toml`. One combination is locked first; the others start from its lock, so
that they agree on every version that fits them all.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from cookiecutter.main import cookiecutter

TEMPLATE = Path(__file__).resolve().parents[2]
PINS = TEMPLATE / "{{cookiecutter.project_slug}}" / ".pins"
CONTEXT = json.loads((TEMPLATE / "cookiecutter.json").read_text())
PYTHONS: list[str] = sorted(CONTEXT["python_version"])
APIS: list[str] = CONTEXT["api"]
UV = [sys.executable, "-m", "uv"]


def combination(python: str, api: str) -> str:
    return f"py{python}-{api}"


def bake(python: str, api: str, into: Path) -> Path:
    project = cookiecutter(
        str(TEMPLATE),
        no_input=True,
        output_dir=str(into),
        extra_context={"python_version": python, "api": api},
    )
    return Path(project)


def interpreter(python: str) -> str:
    """What uv locks a `python` bake with: PINS_PYTHON_3_13 (for 3.13) when set, else that
    version as uv finds it (or downloads it). The lock does not depend on which: it is
    resolved for every Python the project's requires-python allows."""
    return os.environ.get(f"PINS_PYTHON_{python.replace('.', '_')}", python)


def lock(project: Path, python: str, *, upgrade: bool) -> None:
    env = {**os.environ, "VIRTUAL_ENV": ""}
    upgrading = ["--upgrade"] if upgrade else []
    arguments = ["lock", "--quiet", "--python", interpreter(python), *upgrading]
    subprocess.run([*UV, *arguments], cwd=project, env=env, check=True)
    # pip's pins, from the lock, as the project's own `make constraints` writes them.
    uv = " ".join(UV)
    subprocess.run(["make", "--quiet", "constraints", f"UV={uv}"], cwd=project, env=env, check=True)


def write(*, upgrade: bool) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        first: Path | None = None
        for python in PYTHONS:
            for api in APIS:
                name = combination(python, api)
                project = bake(python, api, Path(scratch) / name)
                seed = first or PINS / name / "uv.lock"
                if seed.exists():  # the versions to keep, where they still fit
                    shutil.copy(seed, project / "uv.lock")
                lock(project, python, upgrade=upgrade and first is None)
                first = first or project / "uv.lock"
                (PINS / name).mkdir(parents=True, exist_ok=True)
                for file in ("uv.lock", "constraints.txt"):
                    shutil.copy(project / file, PINS / name / file)
                print(f"{name}: locked", file=sys.stderr)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upgrade", action="store_true", help="the newest versions that fit")
    write(upgrade=parser.parse_args().upgrade)
