"""Does one OpenAPI 3.1 document break a client of another? The API rule as code.

It compares meaning, not bytes: `$ref`s are followed (component names do not matter, so
Pydantic's `Account-Output` and `Account` are the same schema), anyOf/oneOf are sets of
alternatives and allOf is merged, `type: [x, "null"]`, anyOf-with-null and `nullable` mean
the same, path parameters are matched by position (`/a/{id}` is `/a/{account_id}`), and
`info`, titles, descriptions, summaries, examples and operationIds are never compared.

Two directions: a request schema must still accept everything it accepted (a client sends
what it always sent), a response schema may promise nothing new (a client reads what it
always read). Each breaking change is an ApiChange with a stable rule id (rules/api_*.py).
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from ..rules import drops

JSON = dict[str, Any]
Side = Literal["request", "response"]

# Removals are acknowledged only after a deprecation recorded in the base document.
REMOVALS = drops("document")
DEPRECATION = "x-deprecation"  # {"release": "0.3", "date": "2026-01-31", "sunset": "..."}
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_UPPER_BOUNDS = ("maxLength", "maxItems", "maxProperties", "maximum", "exclusiveMaximum")
_LOWER_BOUNDS = ("minLength", "minItems", "minProperties", "minimum", "exclusiveMinimum")
_PATH_PARAMETER = re.compile(r"\{[^}/]*\}")


@dataclass(frozen=True)
class ApiChange:
    rule: str
    at: str  # where a client meets it: paths./accounts/{id}.get.responses.200.name
    subject: str  # where it is defined (components.schemas.Account.properties.name), or `at`
    message: str
    deprecated_in: str | None = None  # the release the base document deprecated it in


def deprecated_in(element: JSON) -> str | None:
    """The release a deprecated operation, parameter or field records, or None. FastAPI
    puts a parameter's `deprecated` (and its `json_schema_extra`) in its schema too."""
    schema = element.get("schema")
    holders = [element, schema] if isinstance(schema, dict) else [element]
    if not any(holder.get("deprecated") is True for holder in holders):
        return None
    for holder in holders:
        recorded = holder.get(DEPRECATION)
        if isinstance(recorded, dict) and isinstance(recorded.get("release"), str):
            return str(recorded["release"])
    return None


def compare(base: JSON, current: JSON) -> list[ApiChange]:
    """Every change from `base` to `current` that can break a client of `base`, once each."""
    comparison = _Comparison(base, current)
    base_paths, current_paths = _paths(base), _paths(current)
    for key, (path, base_item) in sorted(base_paths.items()):
        current_path, current_item = current_paths.get(key, ("", {}))
        for method in METHODS:
            operation = base_item.get(method)
            if not isinstance(operation, dict):
                continue
            at = f"paths.{path}.{method}"
            if not isinstance(current_item.get(method), dict):
                gone = "the path is gone" if not current_item else f"{path} has no {method}"
                comparison.add(
                    "api-removed-operation",
                    at,
                    f"{method.upper()} {path} is removed ({gone})",
                    deprecated_in=deprecated_in(operation),
                )
                continue
            comparison.operation(at, (path, current_path), (base_item, current_item), method)
    unique: dict[tuple[str, str], ApiChange] = {}
    for change in comparison.changes:
        unique.setdefault((change.rule, change.subject), change)
    return list(unique.values())


def _paths(document: JSON) -> dict[str, tuple[str, JSON]]:
    """Path items by their template with parameter names blanked: `/a/{}`."""
    paths = document.get("paths") or {}
    return {
        _PATH_PARAMETER.sub("{}", path): (path, item)
        for path, item in paths.items()
        if isinstance(item, dict)
    }


@dataclass
class _Alternative:
    """One branch of a schema once refs are followed and unions spread out."""

    kind: str  # null, boolean, integer, number, string, array, object, or any
    schema: JSON
    ref: str | None  # the component it came from, for naming and for cycles


@dataclass
class _Comparison:
    base: JSON
    current: JSON
    changes: list[ApiChange] = field(default_factory=list)
    _seen: set[tuple[str, str, Side]] = field(default_factory=set)

    def add(
        self,
        rule: str,
        at: str,
        message: str,
        subject: str | None = None,
        deprecated_in: str | None = None,
    ) -> None:
        self.changes.append(ApiChange(rule, at, subject or at, message, deprecated_in))

    # Operations: parameters, request body, responses.

    def operation(
        self, at: str, paths: tuple[str, str], items: tuple[JSON, JSON], method: str
    ) -> None:
        (base_item, current_item), (base_path, current_path) = items, paths
        base_op, current_op = base_item[method], current_item[method]
        base_params = self._parameters(self.base, base_item, base_op, base_path)
        current_params = self._parameters(self.current, current_item, current_op, current_path)
        for key, parameter in base_params.items():
            where = f"{at}.parameters.{parameter['in']}.{parameter.get('name')}"
            if key not in current_params:
                self.add(
                    "api-removed-parameter",
                    where,
                    f"{parameter['in']} parameter {parameter.get('name')!r} is removed",
                    deprecated_in=deprecated_in(parameter),
                )
                continue
            now = current_params[key]
            if now.get("required") and not parameter.get("required"):
                self.add("api-new-required", where, "the parameter became required")
            self.schemas(
                parameter.get("schema", {}), now.get("schema", {}), where, where, "request"
            )
        for key, parameter in current_params.items():
            if key not in base_params and parameter.get("required"):
                where = f"{at}.parameters.{parameter['in']}.{parameter.get('name')}"
                self.add("api-new-required", where, "a new required parameter")
        self.request_body(at, base_op.get("requestBody"), current_op.get("requestBody"))
        base_responses = base_op.get("responses") or {}
        current_responses = current_op.get("responses") or {}
        for status, response in sorted(base_responses.items()):
            where = f"{at}.responses.{status}"
            if status not in current_responses:
                if str(status).startswith("2"):
                    self.add("api-removed-response", where, f"status {status} is no longer sent")
                continue
            self.contents(
                where,
                self._resolve(self.base, response).get("content") or {},
                self._resolve(self.current, current_responses[status]).get("content") or {},
                "response",
            )

    def request_body(self, at: str, base: JSON | None, current: JSON | None) -> None:
        where = f"{at}.requestBody"
        base = self._resolve(self.base, base or {})
        current = self._resolve(self.current, current or {})
        if current.get("required") and not (base and base.get("required")):
            self.add("api-new-required", where, "the request body became required")
        self.contents(where, base.get("content") or {}, current.get("content") or {}, "request")

    def contents(self, at: str, base: JSON, current: JSON, side: Side) -> None:
        for media_type, base_media in sorted(base.items()):
            where = at if media_type == "application/json" else f"{at}[{media_type}]"
            if media_type not in current:
                what = "sent" if side == "response" else "accepted"
                self.add("api-removed-response", where, f"{media_type} is no longer {what}")
                continue
            self.schemas(
                base_media.get("schema", {}),
                current[media_type].get("schema", {}),
                where,
                where,
                side,
            )

    def _parameters(
        self, document: JSON, item: JSON, operation: JSON, path: str
    ) -> dict[tuple[str, str], JSON]:
        """An operation's parameters, the path item's included, keyed as a client sees them:
        path parameters by their place in the URL, headers case-insensitively."""
        merged: dict[tuple[str, str], JSON] = {}
        for raw in [*item.get("parameters", []), *operation.get("parameters", [])]:
            parameter = self._resolve(document, raw)
            merged[(str(parameter.get("in")), str(parameter.get("name", "")))] = parameter
        places = [found.strip("{}") for found in _PATH_PARAMETER.findall(path)]
        keyed: dict[tuple[str, str], JSON] = {}
        for (location, name), parameter in merged.items():
            if location == "path" and name in places:
                name = str(places.index(name))
            keyed[(location, name.lower() if location == "header" else name)] = parameter
        return keyed

    def _resolve(self, document: JSON, node: JSON) -> JSON:
        for _ in range(32):  # a $ref chain longer than this is a cycle
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not isinstance(ref, str):
                break
            target = _follow(document, ref)
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return node if isinstance(node, dict) else {}

    # Schemas.

    def schemas(self, base: JSON, current: JSON, at: str, subject: str, side: Side) -> None:
        base_alternatives = self._alternatives(self.base, base)
        current_alternatives = self._alternatives(self.current, current)
        if side == "request":  # every value a client sent is still accepted
            pairs = _match(base_alternatives, current_alternatives, accepts=_accepts)
            for sent, accepted in pairs:
                if accepted is None:
                    self.add("api-type-change", at, f"no longer accepts {sent.kind}", subject)
                else:
                    self._same_kind(sent, accepted, at, subject, side)
        else:  # every value the server sends was promised
            pairs = _match(current_alternatives, base_alternatives, accepts=_accepts)
            for sent, promised in pairs:
                if promised is not None:
                    self._same_kind(promised, sent, at, subject, side)
                elif sent.kind == "null":
                    self.add("api-field-nullable", at, "may now be null", subject)
                else:
                    kinds = "/".join(sorted({b.kind for b in base_alternatives})) or "nothing"
                    message = f"may now be {sent.kind}, was {kinds}"
                    self.add("api-type-change", at, message, subject)

    def _same_kind(
        self, base: _Alternative, current: _Alternative, at: str, subject: str, side: Side
    ) -> None:
        if base.ref and current.ref:
            visit = (base.ref, current.ref, side)
            if visit in self._seen:
                return
            self._seen.add(visit)
        if base.ref:
            subject = f"components.schemas.{base.ref}"
        self._enum(base.schema, current.schema, at, subject, side)
        if side == "request":
            self._constraints(base.schema, current.schema, at, subject)
        if base.kind == current.kind == "object":
            self._object(base.schema, current.schema, at, subject, side)
        elif base.kind == current.kind == "array":
            self.schemas(
                base.schema.get("items", {}),
                current.schema.get("items", {}),
                f"{at}[]",
                f"{subject}.items",
                side,
            )

    def _object(self, base: JSON, current: JSON, at: str, subject: str, side: Side) -> None:
        base_fields = base.get("properties") or {}
        current_fields = current.get("properties") or {}
        base_required, current_required = (
            set(base.get("required", [])),
            set(current.get("required", [])),
        )
        for name, schema in base_fields.items():
            where, defined = f"{at}.{name}", f"{subject}.properties.{name}"
            if name not in current_fields:
                self.add(
                    "api-removed-field",
                    where,
                    f"{side} field {name!r} is removed",
                    defined,
                    deprecated_in(schema if isinstance(schema, dict) else {}),
                )
                continue
            if side == "response" and name in base_required and name not in current_required:
                self.add("api-field-optional", where, "may now be absent (not required)", defined)
            self.schemas(schema, current_fields[name], where, defined, side)
        if side == "request":
            for name in sorted(current_required - base_required):
                what = "became required" if name in base_fields else "a new required field"
                defined = f"{subject}.properties.{name}"
                self.add("api-new-required", f"{at}.{name}", what, defined)
        base_extra, current_extra = (
            base.get("additionalProperties"),
            current.get("additionalProperties"),
        )
        if isinstance(base_extra, dict) and isinstance(current_extra, dict):
            self.schemas(base_extra, current_extra, f"{at}.*", f"{subject}.*", side)

    def _enum(self, base: JSON, current: JSON, at: str, subject: str, side: Side) -> None:
        before, after = _enum_values(base), _enum_values(current)
        if side == "request":
            if before is not None and after is not None:
                for value in before:
                    if value not in after:
                        self.add(
                            "api-removed-enum-value", at, f"no longer accepts {value!r}", subject
                        )
            elif after is not None:
                self.add("api-tighter-constraint", at, f"now limited to {after!r}", subject)
        elif before is not None:
            if after is None:
                message = f"no longer limited to {before!r}"
                self.add("api-response-enum-value-added", at, message, subject)
            else:
                for value in after:
                    if value not in before:
                        self.add(
                            "api-response-enum-value-added", at, f"may now be {value!r}", subject
                        )

    def _constraints(self, base: JSON, current: JSON, at: str, subject: str) -> None:
        for key in _UPPER_BOUNDS:
            if key in current and (key not in base or _lt(current[key], base[key])):
                self.add("api-tighter-constraint", at, _tightened(key, base, current), subject)
        for key in _LOWER_BOUNDS:
            if key in current and (key not in base or _lt(base[key], current[key])):
                self.add("api-tighter-constraint", at, _tightened(key, base, current), subject)
        for key in ("pattern", "format", "multipleOf"):
            if key in current and current[key] != base.get(key):
                self.add("api-tighter-constraint", at, _tightened(key, base, current), subject)
        if current.get("uniqueItems") and not base.get("uniqueItems"):
            self.add("api-tighter-constraint", at, "items must now be unique", subject)

    def _alternatives(
        self, document: JSON, schema: Any, ref: str | None = None, depth: int = 0
    ) -> list[_Alternative]:
        """The branches of a schema: refs followed, anyOf/oneOf spread, allOf merged."""
        if not isinstance(schema, dict) or depth > 32:
            return [_Alternative("any", {}, ref)]
        if isinstance(schema.get("$ref"), str):
            name = schema["$ref"].rsplit("/", 1)[-1]
            target = {**_follow(document, schema["$ref"])}
            target.update({k: v for k, v in schema.items() if k != "$ref"})
            return self._alternatives(document, target, name, depth + 1)
        if "allOf" in schema:
            merged = {k: v for k, v in schema.items() if k != "allOf"}
            for part in schema["allOf"]:
                for alternative in self._alternatives(document, part, None, depth + 1)[:1]:
                    ref = ref or alternative.ref
                    merged = _merge(merged, alternative.schema)
            return self._alternatives(document, merged, ref, depth + 1)
        branches = [*schema.get("anyOf", []), *schema.get("oneOf", [])]
        if branches:
            shared = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf", "deprecated")}
            return [
                alternative
                for branch in branches
                for alternative in self._alternatives(
                    document,
                    {**shared, **branch} if isinstance(branch, dict) else branch,
                    ref,
                    depth + 1,
                )
            ]
        kinds = _kinds(schema)
        return [_Alternative(kind, schema, ref) for kind in kinds]


def _follow(document: JSON, ref: str) -> JSON:
    if not ref.startswith("#/"):
        return {}  # an external reference: nothing to compare it by
    node: Any = document
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node.get(part, {}) if isinstance(node, dict) else {}
    return node if isinstance(node, dict) else {}


def _kinds(schema: JSON) -> list[str]:
    declared = schema.get("type")
    kinds = [declared] if isinstance(declared, str) else list(declared or [])
    if not kinds:
        values = _enum_values(schema)
        if values is not None:
            kinds = sorted({_kind_of(value) for value in values})
        elif "properties" in schema or "additionalProperties" in schema:
            kinds = ["object"]
        elif "items" in schema:
            kinds = ["array"]
        else:
            kinds = ["any"]
    if schema.get("nullable") is True and "null" not in kinds:
        kinds.append("null")
    return kinds


def _kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    for kind, python in (("integer", int), ("number", float), ("string", str)):
        if isinstance(value, python):
            return kind
    return "array" if isinstance(value, list) else "object"


def _enum_values(schema: JSON) -> list[Any] | None:
    if "const" in schema:
        return [schema["const"]]
    values = schema.get("enum")
    return list(values) if isinstance(values, list) else None


def _accepts(sent: _Alternative, receiver: _Alternative) -> bool:
    """Does a receiver of this kind take every value of the sent kind?"""
    return receiver.kind in (sent.kind, "any") or (sent.kind, receiver.kind) == (
        "integer",
        "number",
    )


def _match(
    values: list[_Alternative],
    receivers: list[_Alternative],
    accepts: Callable[[_Alternative, _Alternative], bool],
) -> Iterator[tuple[_Alternative, _Alternative | None]]:
    """Pair each alternative with the one that must take its values: the same component
    first, then the same kind in order."""
    for index, value in enumerate(values):
        fitting = [receiver for receiver in receivers if accepts(value, receiver)]
        same_ref = [r for r in fitting if value.ref and r.ref == value.ref]
        same_kind = [r for r in fitting if r.kind == value.kind]
        ordinal = sum(1 for earlier in values[:index] if earlier.kind == value.kind)
        if same_ref:
            yield value, same_ref[0]
        elif same_kind:
            yield value, same_kind[min(ordinal, len(same_kind) - 1)]
        else:
            yield value, fitting[0] if fitting else None


def _merge(into: JSON, part: JSON) -> JSON:
    merged = {**into, **part}
    merged["properties"] = {**into.get("properties", {}), **part.get("properties", {})}
    merged["required"] = [*into.get("required", []), *part.get("required", [])]
    if not merged["properties"]:
        del merged["properties"]
    if not merged["required"]:
        del merged["required"]
    return merged


def _lt(left: Any, right: Any) -> bool:
    return isinstance(left, int | float) and isinstance(right, int | float) and left < right


def _tightened(key: str, base: JSON, current: JSON) -> str:
    was = f"{base[key]!r}" if key in base else "none"
    return f"{key} is now {current[key]!r} (was {was})"
