"""The project's own revisions pass the migration gate (docs/migrations.md), so
`make test` enforces the team's migration rules as well as `make lint-migrations`."""

import pytest

from migration_tools.gate import FORMATS, lint

pytestmark = pytest.mark.migrations


def test_every_revision_passes_the_gate() -> None:
    report = lint()
    assert not report.violations, "\n" + FORMATS["text"](report)
