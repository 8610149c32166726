"""The template's own Python (hooks, tests, benchmarks) is linted and formatted."""

import sys

from support.project import TEMPLATE, run

OWN_CODE = [
    path
    for path in ("local_extensions.py", "hooks", "tests", "bench")
    if (TEMPLATE / path).exists()
]


def test_ruff_passes_on_the_templates_own_code() -> None:
    run(sys.executable, "-m", "ruff", "check", *OWN_CODE, cwd=TEMPLATE)
    run(sys.executable, "-m", "ruff", "format", "--check", *OWN_CODE, cwd=TEMPLATE)
