"""The API's part of `make deprecations`: the `x-deprecation` records of the committed
openapi.json, where the API gate reads them, counted as it counts them."""

from dataclasses import dataclass
from pathlib import Path

from ..deprecations import when
from ..project import PROJECT_ROOT, RuleSettings
from ..rules._openapi import DEPRECATION, JSON, METHODS, deprecated_in
from .gate import DOCUMENT, read_document


@dataclass(frozen=True)
class ApiDeprecation:
    at: str  # the JSON path openapi-acknowledged.toml names it by
    what: str  # GET /a/{id}, parameter query.sort of GET /a/{id}, field Schema.name
    since: str
    on: str | None = None
    sunset: str | None = None


def api_deprecations(document: JSON) -> list[ApiDeprecation]:
    """Every deprecated operation, parameter and field of `document` that records its
    release."""
    found = []
    for path, item in sorted((document.get("paths") or {}).items()):
        for method in METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            at, name = f"paths.{path}.{method}", f"{method.upper()} {path}"
            if (since := deprecated_in(operation)) is not None:
                record = operation.get(DEPRECATION, {})
                found.append(
                    ApiDeprecation(at, name, since, record.get("date"), record.get("sunset"))
                )
            for parameter in operation.get("parameters", []):
                if (since := deprecated_in(parameter)) is not None:
                    where = f"{parameter.get('in')}.{parameter.get('name')}"
                    what = f"parameter {where} of {name}"
                    found.append(ApiDeprecation(f"{at}.parameters.{where}", what, since))
    schemas = document.get("components", {}).get("schemas") or {}
    for schema_name, schema in sorted(schemas.items()):
        for field_name, field_schema in sorted((schema.get("properties") or {}).items()):
            if isinstance(field_schema, dict) and (since := deprecated_in(field_schema)):
                at = f"components.schemas.{schema_name}.properties.{field_name}"
                found.append(ApiDeprecation(at, f"field {schema_name}.{field_name}", since))
    return found


def api_lines(settings: RuleSettings, root: Path = PROJECT_ROOT) -> list[str]:
    """One line per deprecation of the committed document, and the `at` that acknowledges
    its removal in openapi-acknowledged.toml."""
    lines = []
    for item in api_deprecations(read_document(root / DOCUMENT)):
        dates = f" on {item.on}" if item.on else ""
        dates += f", sunset {item.sunset}" if item.sunset else ""
        removal = when(item.since, settings, removal="removed")
        lines.append(f"  {item.what}: deprecated in {item.since}{dates}, {removal}")
        lines.append(f'      at = "{item.at}"')
    return lines
