"""The API gate: the app's OpenAPI document may only grow, as the schema only grows.

`python -m release_checks lint-api` (`make lint-api`) compares two documents with
contract.compare: by default the committed openapi.json and the one the app produces
now (the factory `[tool.release_checks] api_app` names). A removal passes only when the
base document deprecated it (`x-deprecation`, written by the api package's helpers) and
openapi-acknowledged.toml acknowledges it, `releases_before_drop` releases later.
`python -m release_checks openapi` (`make openapi`) rewrites openapi.json, but only with a
document that passes the gate. docs/migrations.md, 'The API rule', explains each rule id.
"""

import importlib
import json
import sys
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from {{ cookiecutter.project_slug }}.db.deprecation import parse_release

from ..acknowledgements import not_old_enough
from ..project import PROJECT_ROOT, TOOL, GateError, read_settings, tool_settings
from ..report import Finding, Report
from ..rules import RULES, drops
from ..rules._openapi import DEPRECATION, JSON, ExternalReferenceError
from .contract import ApiChange, compare
from .route_filters import document_route_filters

TITLE = "API gate"  # of a GitHub annotation when it cannot run
DOCUMENT = "openapi.json"
ACKNOWLEDGED = "openapi-acknowledged.toml"
_ACK_KEYS = {"rule", "at", "deprecated_in", "why"}
# Removals are acknowledged only after a deprecation recorded in the base document.
REMOVALS = drops("document")


def _finding(rule: str, file: str, at: str, message: str) -> Finding:
    """About `file` (the document, relative to the project), at the JSON path `at`."""
    return Finding(rule, file, message, RULES[rule].hint, at=at)


def breaking(findings: list[Finding]) -> list[Finding]:
    """What breaks a client: all but an addition openapi.json does not record yet."""
    return [found for found in findings if found.rule != "api-not-committed"]


def api_report(base: str, current: str, findings: list[Finding]) -> Report:
    if breaking(findings):
        summary = (
            f"{len(findings)} breaking API change(s) from {base} to {current}; "
            "docs/migrations.md, 'The API rule', explains each rule"
        )
    elif findings:  # only an addition not recorded yet: nothing breaks a client
        summary = f"{base} lacks what {current} added, which breaks no client: make openapi"
    else:
        summary = f"{current} keeps every promise of {base}"
    return Report(findings, summary, {"base": base, "current": current})


def normalise(document: JSON) -> str:
    """The committed form: sorted keys, two-space indent, `required` lists sorted (their
    order means nothing), so only a change of meaning changes the file."""

    def tidy(node: Any, key: str = "") -> Any:
        if isinstance(node, dict):
            return {name: tidy(value, name) for name, value in node.items()}
        if isinstance(node, list):
            items = [tidy(item) for item in node]
            if key == "required" and all(isinstance(item, str) for item in items):
                return sorted(items)
            return items
        return node

    return json.dumps(tidy(document), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def read_document(path: Path) -> JSON:
    try:
        document = json.loads(path.read_text())
    except (OSError, ValueError) as error:
        raise GateError(f"cannot read {path}: {error}") from None
    if not (
        isinstance(document, dict)
        and str(document.get("openapi", "")).startswith("3.")
        and isinstance(document.get("paths"), dict)
    ):
        raise GateError(f"{path} is not an OpenAPI 3 document (no `openapi: 3.x` and `paths`)")
    return document


def app_document(root: Path = PROJECT_ROOT, committed: JSON | None = None) -> JSON:
    """The document the app produces now, from the factory pyproject.toml names (its
    routes' filtered answers as `committed` holds them: route_filters.py)."""
    return _app_document(root, committed)[0]


def _app_document(root: Path, committed: JSON | None) -> tuple[JSON, int]:
    """The app's document, and how many routes keep the answer `committed` holds."""
    target = tool_settings(root).get("api_app")
    if not isinstance(target, str) or ":" not in target:
        raise GateError(
            f"{root / 'pyproject.toml'}: set [tool.{TOOL}] api_app = 'package.module:factory'"
        )
    module_name, _, factory_name = target.partition(":")
    source = str(root / "src")
    sys.path.insert(0, source)
    try:
        factory: Callable[[], Any] = getattr(importlib.import_module(module_name), factory_name)
        return document_of(factory(), committed)
    except (Exception, SystemExit) as error:  # any failure of the app is one line
        raise GateError(f"cannot build the app's document from {target}: {error!r}") from None
    finally:
        sys.path.remove(source)


def document_of(app: FastAPI, committed: JSON | None = None) -> tuple[JSON, int]:
    """The app's document as a file would hold it, saying what its routes leave out of
    their answers (route_filters.py: FastAPI's does not), but where `committed` still
    holds FastAPI's; and how many routes that leaves."""
    document, kept = document_route_filters(app, app.openapi(), committed)
    normalised: JSON = json.loads(normalise(document))
    return normalised, kept


def lint_api(
    root: Path = PROJECT_ROOT, base: Path | None = None, current: Path | None = None
) -> Report:
    """Compare `base` (default: the committed document) with `current` (default: the app's)."""
    committed = root / DOCUMENT
    base_path = base or committed
    base_document = read_document(base_path)
    committing = base is None and current is None  # the committed document against the app
    current_document, kept = (
        (read_document(current), 0)
        if current
        else _app_document(root, base_document if committing else None)
    )
    base_name, current_name = (
        _shown(root, base_path),
        (_shown(root, current) if current else "the app"),
    )
    settings = read_settings(root)
    acknowledged, findings = read_acknowledgements(root)
    with walkable(base_name, current_name):
        deprecations = check_deprecations(current_document)
        changes = compare(base_document, current_document)
        # The committed document must be the app's, or the next comparison would miss
        # what was added since. Compared both ways: a difference of meaning, not of bytes.
        differences = (changes or compare(current_document, base_document)) if committing else []
    findings += [
        _finding("api-deprecation", current_name, at, message) for at, message in deprecations
    ]
    for change in changes:
        finding = _judge(
            change, base_name, acknowledged, settings.version, settings.releases_before_drop
        )
        if finding is not None:
            findings.append(finding)
    if not findings and differences:
        message = "the app's document differs here (and maybe elsewhere)"
        findings.append(_finding("api-not-committed", base_name, differences[0].at, message))
    findings.sort(key=lambda found: (found.file, found.at, found.rule))
    report = api_report(base_name, current_name, findings)
    if not kept:
        return report
    said = (
        f"; {kept} route(s) leave fields out of answers, which {base_name} does not say yet:"
        " make openapi records it"
    )
    return replace(report, summary=report.summary + said)


@contextmanager
def walkable(base_name: str, current_name: str) -> Iterator[None]:
    """A document the comparison cannot walk (a path that is a list, a schema that is a
    string: not what OpenAPI allows; a `$ref` to another file) is one line, not a
    traceback."""
    try:
        yield
    except ExternalReferenceError as error:
        raise GateError(f"cannot compare {base_name} with {current_name}: {error}") from None
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise GateError(
            f"cannot compare {base_name} with {current_name}: one of them is not a valid"
            f" OpenAPI document ({type(error).__name__}: {error})"
        ) from None


def write_document(root: Path = PROJECT_ROOT) -> Report:
    """Write the app's document to openapi.json, if it passes the gate (or none exists)."""
    document = app_document(root)
    if (root / DOCUMENT).exists():
        report = lint_api(root)
        if refused := breaking(report.findings):
            return api_report(str(report.facts["base"]), str(report.facts["current"]), refused)
    (root / DOCUMENT).write_text(normalise(document))
    return api_report(DOCUMENT, "the app", [])


def _judge(
    change: ApiChange,
    file: str,
    acknowledged: list[dict[str, str]],
    version: str | None,
    releases_before_drop: int,
) -> Finding | None:
    """None when an acknowledgement lets the change through; else the finding."""
    found = _finding(change.rule, file, change.at, change.message)
    entry = next(
        (
            entry
            for entry in acknowledged
            if entry["rule"] == change.rule and entry["at"] in (change.at, change.subject)
        ),
        None,
    )
    if entry is None:
        if change.rule in REMOVALS and change.deprecated_in is None:
            return _finding(
                change.rule, file, change.at, f"{change.message}; it was never deprecated"
            )
        return found
    where = f"{ACKNOWLEDGED}: {entry['at']}"
    if change.rule in REMOVALS and change.deprecated_in != entry["deprecated_in"]:
        recorded = (
            f"the document records {change.deprecated_in}"
            if change.deprecated_in
            else "it was never deprecated: deprecate it first"
        )
        message = f"{where}: deprecated_in {entry['deprecated_in']}, but {recorded}"
        return _finding("api-acknowledgement", ACKNOWLEDGED, entry["at"], message)
    if version is None:
        return _finding(
            "api-acknowledgement",
            ACKNOWLEDGED,
            entry["at"],
            "pyproject.toml has no static [project] version to count releases from",
        )
    why = not_old_enough(entry["deprecated_in"], version, releases_before_drop)
    if why is not None:
        return _finding(change.rule, file, change.at, f"{change.message}: {why}")
    return None


def read_acknowledgements(root: Path) -> tuple[list[dict[str, str]], list[Finding]]:
    """openapi-acknowledged.toml: `[[acknowledged]]` tables of plain strings."""
    path = root / ACKNOWLEDGED
    if not path.exists():
        return [], []
    try:
        declared = tomllib.loads(path.read_text()).get("acknowledged", [])
    except (OSError, tomllib.TOMLDecodeError) as error:
        return [], [_finding("api-acknowledgement", ACKNOWLEDGED, "", str(error))]
    entries, findings = [], []
    for index, entry in enumerate(declared if isinstance(declared, list) else [declared]):
        problem = _problem(entry)
        if problem is None:
            entries.append(entry)
        else:
            at = f"acknowledged[{index}]"
            findings.append(_finding("api-acknowledgement", ACKNOWLEDGED, at, problem))
    return entries, findings


def _problem(entry: object) -> str | None:
    if not isinstance(entry, dict):
        return "must be a table"
    if set(entry) != _ACK_KEYS:
        return f"must have exactly the keys {', '.join(sorted(_ACK_KEYS))}"
    if not all(isinstance(value, str) and value.strip() for value in entry.values()):
        return "must have non-empty strings as values"
    rule = RULES.get(entry["rule"])
    if rule is None or not rule.api or rule.acknowledge is None:
        return f"rule {entry['rule']!r} cannot be acknowledged"
    try:
        parse_release(entry["deprecated_in"])
    except ValueError as error:
        return f"deprecated_in: {error}"
    return None


def check_deprecations(document: JSON) -> list[tuple[str, str]]:
    """Every `deprecated: true` records its release in `x-deprecation`, an operation its
    date too (the Deprecation header sends it); a sunset is not before the date."""
    problems: list[tuple[str, str]] = []
    for path, item in sorted((document.get("paths") or {}).items()):
        for method, operation in sorted(item.items()):
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            at = f"paths.{path}.{method}"
            problems += _deprecation_problems(operation, at, needs_date=True)
            for parameter in operation.get("parameters", []):
                where = f"{at}.parameters.{parameter.get('in')}.{parameter.get('name')}"
                schema = parameter.get("schema", {})
                merged = {**schema, **parameter} if isinstance(schema, dict) else parameter
                problems += _deprecation_problems(merged, where, needs_date=False)
    for name, schema in sorted((document.get("components", {}).get("schemas") or {}).items()):
        for field_name, field_schema in sorted((schema.get("properties") or {}).items()):
            where = f"components.schemas.{name}.properties.{field_name}"
            problems += _deprecation_problems(field_schema, where, needs_date=False)
    return problems


def _deprecation_problems(element: JSON, at: str, *, needs_date: bool) -> list[tuple[str, str]]:
    recorded = element.get(DEPRECATION)
    if element.get("deprecated") is not True:
        if recorded is not None:
            return [(at, f"has {DEPRECATION} but is not deprecated: true")]
        return []
    if not isinstance(recorded, dict) or not isinstance(recorded.get("release"), str):
        return [(at, f"is deprecated without {DEPRECATION}.release")]
    try:
        parse_release(recorded["release"])
        since = date.fromisoformat(recorded["date"]) if "date" in recorded else None
        sunset = date.fromisoformat(recorded["sunset"]) if "sunset" in recorded else None
    except (ValueError, TypeError) as error:
        return [(at, f"{DEPRECATION}: {error}")]
    if needs_date and since is None:
        return [(at, f"is deprecated without {DEPRECATION}.date (the Deprecation header)")]
    if since and sunset and sunset < since:
        return [(at, f"{DEPRECATION}: sunset {sunset} is before the deprecation date {since}")]
    return []


def _shown(root: Path, path: Path) -> str:
    resolved = path.resolve()
    return (
        resolved.relative_to(root.resolve()).as_posix()
        if resolved.is_relative_to(root.resolve())
        else str(path)
    )
