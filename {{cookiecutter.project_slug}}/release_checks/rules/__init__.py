"""The rules, one module each (as squawk's rules/ and Alembic's autogenerate/compare/):
its id, what it refuses and the safe way instead, where it is seen (an Alembic
operation, raw SQL, the catalog, the API documents, the revision files), whether and how
it is acknowledged, the squawk rules it replaces, and its examples, refused and passing.

The gate, the walk and the API check ask RULES; tests/test_rule_examples.py runs every
rule's examples, and docs/migrations.md is tested against the ids. A new rule is one new
module here defining RULE (its module named after its id, `-` as `_`); a rule the gate
does not already recognise brings its own `operation` recogniser, and every API rule its
`openapi` one (but those below).
"""

import importlib
import pkgutil
from collections.abc import Mapping

from ._openapi import Level, OpenApiRecogniser
from ._rule import (
    BASE_DOWNGRADE,
    BASE_UPGRADE,
    Acknowledge,
    DocumentExample,
    Example,
    RevisionExample,
    Rule,
)

DOCS = "docs/migrations.md"
SQUAWK_PREFIX = "squawk/"  # squawk's own findings keep squawk's rule names after it


# The API rules not recognised in a difference of two documents, so with no `openapi`
# recogniser: the API gate (api/gate.py) judges them on what it reads itself.
API_JUDGED_BY_THE_GATE: Mapping[str, str] = {
    "api-acknowledgement": "the entries of openapi-acknowledged.toml",
    "api-deprecation": "the current document's deprecation records",
    "api-not-committed": "the committed openapi.json against the app's document",
}


def _find() -> dict[str, Rule]:
    found: dict[str, Rule] = {}
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("_"):
            continue
        name = f"{__name__}.{module.name}"
        rule = getattr(importlib.import_module(name), "RULE", None)
        if not isinstance(rule, Rule) or rule.id.replace("-", "_") != module.name:
            raise ImportError(f"{name} must define RULE, a Rule of that id")
        recognised = rule.api and rule.id not in API_JUDGED_BY_THE_GATE
        if recognised != (rule.openapi is not None):
            needs = "needs an `openapi` recogniser" if recognised else "has no use for `openapi`"
            raise ImportError(f"{name}: {rule.id} {needs} (it is seen in {sorted(rule.seen)})")
        found[rule.id] = rule
    return found


RULES = _find()


def openapi_recognisers() -> dict[Level, list[tuple[str, OpenApiRecogniser]]]:
    """Level -> the rules (their ids) that recognise themselves in a pair met there."""
    found: dict[Level, list[tuple[str, OpenApiRecogniser]]] = {}
    for rule in RULES.values():
        for level, recognise in (rule.openapi or {}).items():
            found.setdefault(level, []).append((rule.id, recognise))
    return found


def ids(*, seen: str | None = None, api: bool | None = None) -> frozenset[str]:
    """The ids of the rules seen there (and API or not)."""
    return frozenset(
        rule.id
        for rule in RULES.values()
        if (seen is None or seen in rule.seen) and (api is None or rule.api == api)
    )


def drops(counted_from: str) -> frozenset[str]:
    """The drops whose deprecation is counted from the models, an entry or a document."""
    return frozenset(
        rule.id
        for rule in RULES.values()
        if rule.acknowledge is not None and rule.acknowledge.counted_from == counted_from
    )


__all__ = [
    "API_JUDGED_BY_THE_GATE",
    "BASE_DOWNGRADE",
    "BASE_UPGRADE",
    "DOCS",
    "RULES",
    "SQUAWK_PREFIX",
    "Acknowledge",
    "DocumentExample",
    "Example",
    "RevisionExample",
    "Rule",
    "drops",
    "ids",
    "openapi_recognisers",
]
