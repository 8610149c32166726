"""The migration gate: the team's migration rules, checked on Alembic's own operations.

`python -m migration_tools lint` (or `make lint-migrations`) runs it; README.md, 'The
migration gate', explains every rule id and how to comply.
"""

from .formats import FORMATS, Report
from .lint import lint
from .rules import RULES, Violation
from .settings import GateError

__all__ = ["FORMATS", "RULES", "GateError", "Report", "Violation", "lint"]
