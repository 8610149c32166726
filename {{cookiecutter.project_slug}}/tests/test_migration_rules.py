"""The project's own revisions pass the migration gate (docs/migrations.md), so
`make test` enforces the team's migration rules as well as `make lint-migrations`; and
the docs describe exactly the rules the registry holds (migration_tools/rules/)."""

import re

import pytest

from migration_tools.alembic_api import PROJECT_ROOT
from migration_tools.gate import FORMATS, lint
from migration_tools.rules import DOCS, RULES

# A rule's own section (the gate's rules), or its row (the API's table).
DEFINED = re.compile(r"^### `([a-z-]+)`$|^\| `([a-z-]+)` \|", re.MULTILINE)


@pytest.mark.migrations
def test_every_revision_passes_the_gate() -> None:
    report = lint()
    assert not report.violations, "\n" + FORMATS["text"](report)


@pytest.mark.own_tree
@pytest.mark.parametrize("docs", [DOCS, DOCS.replace(".md", ".ru.md")])
def test_the_docs_describe_every_rule_and_no_other(docs: str) -> None:
    """A section or a row for each rule the gate or the API check reports; the rules
    only the walk's catalog sees are named where the docs say what the walk judges."""
    text = (PROJECT_ROOT / docs).read_text()
    defined = {section or row for section, row in DEFINED.findall(text)}
    own = {rule.id for rule in RULES.values() if rule.seen != {"catalog"}}
    assert sorted(own - defined) == [], f"{docs} has no section for these rules"
    assert sorted(defined - own) == [], f"{docs} describes rules the registry does not hold"
    assert [rule for rule in RULES if f"`{rule}`" not in text] == []
