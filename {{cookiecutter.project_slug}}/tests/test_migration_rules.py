"""The project's own revisions pass the migration gate (docs/migrations.md), so
`make test` enforces the team's migration rules as well as `make lint-migrations`; and
the docs describe exactly the rules the registry holds (release_checks/rules/)."""

import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace

import pytest

from release_checks.project import PROJECT_ROOT
from release_checks.rules import DOCS, RULES
from release_checks.rules._catalog import CatalogChange, Upgrade
from release_checks.walk import Snapshot
from release_checks.walk.catalog import recognised

# What the gate must not load: the walk, the proofs, the API contract check.
NOT_THE_GATE = {
    "release_checks.walk",
    "release_checks.proofs",
    "release_checks.api",
}
# A rule's own section (the gate's rules), or its row (the API's table).
DEFINED = re.compile(r"^### `([a-z-]+)`$|^\| `([a-z-]+)` \|", re.MULTILINE)


@pytest.mark.migrations
def test_every_revision_passes_the_gate_which_loads_neither_the_walk_nor_the_api_check() -> None:
    """`python -m release_checks lint`, as `make lint-migrations` runs it; Python lists
    every module it imports (-X importtime)."""
    command = [sys.executable, "-X", "importtime", "-m", "release_checks", "lint"]
    result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    imported = {
        line.rsplit("|", 1)[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "release_checks.gate.lint" in imported
    assert sorted(imported & NOT_THE_GATE) == []


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


def test_a_catalog_recogniser_that_fails_is_one_finding_of_its_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A bug in a rule's recogniser stops no walk with a traceback: the upgrade is
    refused under the rule's id, with the error in one line."""

    def fails(upgrade: Upgrade) -> Iterator[CatalogChange]:
        raise ValueError(f"no such object in {len(upgrade.changed)} changes")

    monkeypatch.setitem(RULES, "drop-index", replace(RULES["drop-index"], catalog=fails))
    nothing = Snapshot({}, {})
    said = [(each.rule, each.message) for each in recognised(Upgrade(nothing, nothing))]
    failed = "its recogniser failed on this upgrade (ValueError: no such object in 0 changes)"
    assert said == [("drop-index", failed)]
