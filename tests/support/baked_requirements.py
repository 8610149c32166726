"""Print the generated project's dependencies (runtime, dev and build), one per line.

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
        answers = {"api": "fastapi"}  # the project with the most dependencies
        project = Path(
            cookiecutter(str(TEMPLATE), no_input=True, output_dir=output, extra_context=answers)
        )
        pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    metadata = pyproject["project"]
    return [
        *metadata["dependencies"],
        *metadata["optional-dependencies"]["dev"],
        # The build backend too: a baked project then installs here without build isolation.
        *pyproject["build-system"]["requires"],
    ]


if __name__ == "__main__":
    sys.stdout.write("\n".join(baked_requirements()) + "\n")
