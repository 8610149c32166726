"""A deploy, rehearsed: the real `alembic` commands through env.py, beside the check that
every model is registered (rehearsal.py, registration.py); and `make test-compat`, the
release still running against this tree's schema and API (compat.py, imported by its
command alone)."""

from .rehearsal import DeployRehearsal

__all__ = ["DeployRehearsal"]
