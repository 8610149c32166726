"""The migration gate: the team's migration rules, checked without a database on what
each revision renders offline (Alembic's operations and PostgreSQL's own parse of its SQL),
and on what its online-only branches say (read from its text).

`python -m release_checks lint` (or `make lint-migrations`) runs it; docs/migrations.md
has a section for every rule id, and says what the gate leaves to `pytest -m migrations`.
"""

from ..project import GateError
from ..report import FORMATS, Finding, Report, failure
from .lint import lint
from .report import TITLE

__all__ = [
    "FORMATS",
    "TITLE",
    "Finding",
    "GateError",
    "Report",
    "failure",
    "lint",
]
