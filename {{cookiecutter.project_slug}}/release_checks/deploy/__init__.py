"""A deploy, rehearsed: the real `alembic` commands through env.py, beside the check that
every model is registered (rehearsal.py, registration.py); and `make test-compat`, the
release still running against this tree's schema and API (compat.py, imported by its
command alone).

Each is imported from its module: `python -m release_checks.deploy.rehearsal` runs a
module this package must not have imported already (runpy warns of it otherwise, in the
output a failed deploy reports)."""
