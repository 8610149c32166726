"""What every benchmark here needs: a baked project, a clean environment, a stopwatch, and
the machine it ran on."""

import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from cookiecutter.main import cookiecutter

TEMPLATE = Path(__file__).resolve().parents[1]
SLUG = "accounts_service"


def bake(output: Path, template: Path | None = None, **answers: str) -> Path:
    """Bake the template (this one unless given; default answers unless given) into
    `output`."""
    return Path(
        cookiecutter(
            str(template or TEMPLATE), no_input=True, output_dir=str(output), extra_context=answers
        )
    )


def environment(**extra: str) -> dict[str, str]:
    """This environment as a developer's would be: bytecode cached, so that no
    measurement pays for compiling the libraries again."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **extra}


def run(command: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run `command`; stop the benchmark with its output if it fails."""
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env or environment(),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"{' '.join(map(str, command))} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def timed(command: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Wall-clock seconds of the whole process."""
    started = time.perf_counter()
    run(command, cwd, env)
    return time.perf_counter() - started


def machine() -> str:
    """The CPU, its cores and the kernel, as the results' tables name the machine."""
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    models = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    cpu = models[0] if models else platform.processor() or platform.machine()
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"
