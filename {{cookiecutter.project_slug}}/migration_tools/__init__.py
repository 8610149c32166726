"""Dev-time migration tooling: throwaway databases, the migration test harness and the
rule gate. Used by the tests and `make` targets; the service itself never imports it."""

import sys
from pathlib import Path

# The tools read the service's package (its history and schema-change definitions) from
# src/, as alembic.ini's prepend_sys_path has alembic do: installed or not, they run.
_SOURCES = str(Path(__file__).resolve().parent.parent / "src")
if _SOURCES not in sys.path:
    sys.path.append(_SOURCES)
