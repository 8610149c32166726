"""Print the generated project's dependencies (runtime and dev), one per line.

The template's venv installs them so the tests can run baked projects in-process; the
list itself lives only in the template's pyproject.toml.
"""

import sys
import tempfile
import tomllib
from pathlib import Path

from cookiecutter.main import cookiecutter

TEMPLATE = Path(__file__).resolve().parents[2]


def baked_requirements() -> list[str]:
    with tempfile.TemporaryDirectory() as output:
        project = Path(cookiecutter(str(TEMPLATE), no_input=True, output_dir=output))
        metadata = tomllib.loads((project / "pyproject.toml").read_text())["project"]
    return [*metadata["dependencies"], *metadata["optional-dependencies"]["dev"]]


if __name__ == "__main__":
    sys.stdout.write("\n".join(baked_requirements()) + "\n")
