"""Bake the template in this process with any answers, and see what a user would see:
the project, or the lines the pre-generation hook printed when it refused them.

In-process because the property test bakes dozens of times: a cookiecutter process per
bake would cost more than the bake. The hook itself still runs as cookiecutter runs it,
in a process of its own; its stderr is read from file descriptor 2, which it inherits.
"""

import contextlib
import json
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cookiecutter.exceptions import FailedHookException
from cookiecutter.main import cookiecutter

from support.project import TEMPLATE

CONTEXT = json.loads((TEMPLATE / "cookiecutter.json").read_text())
# Every choice prompt and its values, read from cookiecutter.json: a new one is picked up.
CHOICES: dict[str, list[str]] = {
    name: value for name, value in CONTEXT.items() if isinstance(value, list) and name[0] != "_"
}
TEXT_PROMPTS = [
    name for name, value in CONTEXT.items() if isinstance(value, str) and name[0] != "_"
]


@dataclass
class Bake:
    project: Path | None  # None when the hook refused the answers
    refusal: list[str]  # the hook's stderr, line by line


@contextlib.contextmanager
def stderr_of_children() -> Iterator[list[str]]:
    """Collect what child processes write to file descriptor 2 inside the block."""
    lines: list[str] = []
    with tempfile.TemporaryFile() as capture:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(capture.fileno(), 2)
        try:
            yield lines
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            capture.seek(0)
            lines += capture.read().decode(errors="replace").splitlines()


def bake_answers(output: Path, answers: dict[str, str]) -> Bake:
    """Bake into `output` (which must be empty) with cookiecutter's own config and replay
    files kept under `output`'s parent, not in the home directory."""
    config = output.parent / f"{output.name}-cookiecutter.yaml"
    config.write_text(
        f"cookiecutters_dir: {json.dumps(str(output.parent / 'cookiecutters'))}\n"
        f"replay_dir: {json.dumps(str(output.parent / 'replay'))}\n"
    )
    # Cookiecutter logs a refusal with a traceback of its own; only the hook's line counts.
    logger = logging.getLogger("cookiecutter")
    with stderr_of_children() as refusal:
        logger.disabled = True
        try:
            project = cookiecutter(
                str(TEMPLATE), no_input=True, output_dir=str(output), extra_context=answers,
                config_file=str(config),
            )  # fmt: skip
        except FailedHookException:
            project = None
        finally:
            logger.disabled = False
    return Bake(Path(project) if project else None, refusal)
