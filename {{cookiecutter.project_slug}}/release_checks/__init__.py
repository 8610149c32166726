"""The checks a change must pass before it ships, so that what runs keeps working: the
release still serving, other readers of the database, the API's clients. The rules (one
module each, rules/), the offline migration gate (gate/), the walk on a real database
(walk/) and the proofs it keeps (proofs/), the deploy rehearsal and `make test-compat`
(deploy/), the API contract check (api/), `make deprecations` and `make release`. Used by
the tests and `make` targets (`python -m release_checks COMMAND`, cli.py); the service
never imports it. Vendored on purpose: a fresh checkout needs no private index, and
`cruft update` brings fixes."""

import sys
from pathlib import Path

# The tools read the service's package (its history and schema-change definitions) from
# src/, as alembic.ini's prepend_sys_path has alembic do: installed or not, they run.
_SOURCES = str(Path(__file__).resolve().parent.parent / "src")
if _SOURCES not in sys.path:
    sys.path.append(_SOURCES)
