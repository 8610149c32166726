"""The rules, one module each (as squawk's rules/ and Alembic's autogenerate/compare/):
its id, what it refuses and the safe way instead, where it is seen (an Alembic
operation, raw SQL, the catalog, the API documents, the revision files), whether and how
it is acknowledged, the squawk rules it replaces, and its examples, refused and passing.

The gate, the walk and the API check ask RULES; tests/test_rule_examples.py runs every
rule's examples, and docs/migrations.md is tested against the ids. A new rule is one new
module here defining RULE (its module named after its id, `-` as `_`). A rule seen in an
Alembic operation or in raw SQL brings its recogniser for each (`operation`, `sql`: what
one operation or statement does to what existed), unless the gate judges it from the
revision as a whole (`structural`: its downgrade, the tables it counts, what it cannot
read); a rule seen on the catalog brings its `catalog` recogniser (rules/_catalog.py:
what it reads); an API rule its `openapi` one (rules/_openapi.py), but those the API gate
judges itself (API_JUDGED_BY_THE_GATE). _find() refuses a rule seen where nothing can
judge it.
"""

import importlib
import pkgutil
from collections.abc import Mapping

from ..project import GateError
from ._openapi import Level, OpenApiRecogniser
from ._rule import (
    BASE_DOWNGRADE,
    BASE_UPGRADE,
    Acknowledge,
    Change,
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
        rule = getattr(importlib.import_module(f"{__name__}.{module.name}"), "RULE", None)
        # A rule module a project got wrong is one line (the commands exit 2), not a traceback.
        if not isinstance(rule, Rule) or rule.id.replace("-", "_") != module.name:
            raise GateError(f"{__name__}.{module.name} must define RULE, a Rule of that id")
        if problem := _unrecognised(rule):
            raise GateError(f"{__name__}.{module.name}: {problem}")
        found[rule.id] = rule
    return found


def _unrecognised(rule: Rule) -> str | None:
    """Why nothing could judge `rule` where it says it is seen, if nothing could."""
    for seen, recogniser in (("operation", rule.operation), ("sql", rule.sql)):
        if seen in rule.seen and recogniser is None and not rule.structural:
            return (
                f"RULE is seen in {seen!r} but has no `{seen}` recogniser "
                "(or `structural=True`, if the gate judges it from the revision as a whole)"
            )
        if recogniser is not None and seen not in rule.seen:
            return f"RULE has a `{seen}` recogniser but is not seen in {seen!r}"
    if ("catalog" in rule.seen) != (rule.catalog is not None):
        return "a rule seen on the catalog has a `catalog` recogniser, and only such a rule"
    recognised = rule.api and rule.id not in API_JUDGED_BY_THE_GATE
    if recognised != (rule.openapi is not None):
        needs = "needs an `openapi` recogniser" if recognised else "has no use for `openapi`"
        return f"{rule.id} {needs} (it is seen in {sorted(rule.seen)})"
    return None


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
    "Change",
    "DocumentExample",
    "Example",
    "RevisionExample",
    "Rule",
    "drops",
    "ids",
    "openapi_recognisers",
]
