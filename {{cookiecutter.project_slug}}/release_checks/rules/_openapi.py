"""What an API rule is handed and what it may use: the API check (api/contract.py) walks
two OpenAPI documents and hands each pair it compares, a `Pair` at one `Level`, to the
rules that recognise themselves there (`Rule.openapi`); a rule yields a `Found` for each
way the pair breaks a client. The comparison helpers here are one definition each, and
importing this module does not load the API check.

Two directions: on the request side a client sends what it always sent (the server may
accept more, never less); on the response side it reads what it always read (the server
may send less variety, never more or other).
"""

import json
import math
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, Literal

from ._patterns import accepts_all

JSON = dict[str, Any]
Side = Literal["request", "response"]
# Where a pair is met, outermost first: the two documents; an operation (what a client
# calls: its method and path shape); its parameters, request body, responses (the
# statuses), one response, one media type of a body, one response header; two schemas
# of one kind (`name`: that kind), an object's field (`parents`: the two objects), an
# array's item at one place; and a value nothing on the other side takes ("unmatched").
Level = Literal[
    "document",
    "operation",
    "parameter",
    "request-body",
    "responses",
    "response",
    "media",
    "header",
    "schema",
    "field",
    "item",
    "unmatched",
]
DEPRECATION = "x-deprecation"  # {"release": "0.3", "date": "2026-01-31", "sunset": "..."}
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")
MISSING = object()  # a keyword not written (None is JSON's null)
# Keywords whose change the check cannot call looser or stricter (a `not`, a condition, a
# rule for unlisted names or for what an array must contain, ...): a change is judged by
# its direction alone, see opaque_changes().
OPAQUE = (
    "not",
    "if",
    "then",
    "else",
    "patternProperties",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentRequired",
    "dependentSchemas",
    # A string's content: JSON of a schema (Pydantic's `Json[int]`), a file (FastAPI's
    # UploadFile is `contentMediaType: application/octet-stream`), base64.
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
)
# Formats that limit no value: a hint to a form to hide what is typed (`SecretStr`).
_HINTS = ("password",)
_UPPER_BOUNDS = ("maxLength", "maxItems", "maxProperties")
_LOWER_BOUNDS = ("minLength", "minItems", "minProperties")
# A number's bounds, each written inclusive or exclusive: (inclusive, exclusive, upper?).
_NUMBER_BOUNDS = (("maximum", "exclusiveMaximum", True), ("minimum", "exclusiveMinimum", False))


@dataclass(frozen=True)
class Alternative:
    """One branch of a schema once refs are followed and unions spread out."""

    kind: str  # null, boolean, integer, number, string, array, object, or any
    schema: JSON
    ref: str | None  # the component it came from, for naming and for cycles

    @property
    def named(self) -> str:
        return f"{self.ref} ({self.kind})" if self.ref else self.kind


@dataclass(slots=True)  # not frozen: a frozen one is slower to make, and
class Pair:  # the walk makes one for each place it compares; a rule only reads it
    """What the base document has at one place (`base`) and what the current one has
    there (`current`); None: nothing (added, or gone). `$ref`s of operations, parameters,
    bodies, responses and headers are followed already; schemas keep theirs."""

    level: Level
    base: Any
    current: Any
    at: str  # where a client meets it: paths./a/{id}.get.responses.200.name
    subject: str  # where it is defined: components.schemas.A.properties.name, or `at`
    side: Side
    documents: tuple[JSON, JSON]  # the base and current documents, to follow a `$ref`
    name: str = ""  # the operation's `GET /a`, parameter's `query.q`, field's, status's, ...
    template: str = ""  # an operation's current path template (`/a/{id}` for `/a/{a_id}`)
    parents: tuple[Any, Any] = (None, None)  # an operation's path items, a field's objects
    wire: bool = False  # the value travels as text (a parameter, a form field)
    others: tuple[Alternative, ...] = ()  # unmatched: what the other document offered

    @property
    def kept(self) -> bool:
        """Both documents have it, and the current one still shows it on this side."""
        return self.base is not None and self.current is not None and visible(self.current, self)


@dataclass(frozen=True)
class Found:
    """One way a pair breaks a client; `at` and `subject` default to the pair's."""

    message: str
    at: str = ""
    subject: str = ""
    deprecated_in: str | None = None  # the release the base document deprecated it in


# How a rule recognises itself in the pairs of one level.
OpenApiRecogniser = Callable[[Pair], Iterator[Found]]


def visible(schema: Any, pair: Pair) -> bool:
    """Is a field sent or read on the pair's side (a readOnly one is never sent, a
    writeOnly one never read)?"""
    return not flag(schema, "readOnly" if pair.side == "request" else "writeOnly")


class ExternalReferenceError(ValueError):
    """A `$ref` to another file or a URL: the check reads one document, and comparing
    without what it names could let a breaking change through."""

    def __init__(self, ref: str) -> None:
        super().__init__(f"$ref {ref!r} points outside the document, which the check cannot read")


def follow(document: JSON, ref: str) -> JSON:
    """What a local `$ref` (`#/components/...`) names; {} when it names nothing."""
    if not ref.startswith("#"):
        raise ExternalReferenceError(ref)
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node.get(part, {}) if isinstance(node, dict) else {}
    return node if isinstance(node, dict) else {}


def resolve(document: JSON, node: Any) -> JSON:
    """`node` with its `$ref` chain followed (its own keys kept over the target's)."""
    for _ in range(32):  # a $ref chain longer than this is a cycle
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str):
            break
        node = {**follow(document, ref), **{k: v for k, v in node.items() if k != "$ref"}}
    return node if isinstance(node, dict) else {}


def deprecated_in(element: Any) -> str | None:
    """The release a deprecated operation, parameter or field records, or None. FastAPI
    puts a parameter's `deprecated` (and its `json_schema_extra`) in its schema too."""
    if not isinstance(element, dict):
        return None
    schema = element.get("schema")
    holders = [element, schema] if isinstance(schema, dict) else [element]
    if not any(holder.get("deprecated") is True for holder in holders):
        return None
    for holder in holders:
        recorded = holder.get(DEPRECATION)
        if isinstance(recorded, dict) and isinstance(recorded.get("release"), str):
            return str(recorded["release"])
    return None


def kinds(schema: JSON) -> list[str]:
    """The JSON types a schema allows (`any` when it does not say)."""
    declared = schema.get("type")
    found = [declared] if isinstance(declared, str) else list(declared or [])
    if not found:
        values = enum_values(schema)
        if values is not None:
            found = sorted({kind_of(value) for value in values})
        elif "properties" in schema or "additionalProperties" in schema:
            found = ["object"]
        elif "items" in schema or "prefixItems" in schema:
            found = ["array"]
        else:
            found = ["any"]
    if schema.get("nullable") is True and "null" not in found:
        found.append("null")
    return found


def kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    for kind, python in (("integer", int), ("number", float), ("string", str)):
        if isinstance(value, python):
            return kind
    return "array" if isinstance(value, list) else "object"


def enum_values(schema: JSON) -> list[Any] | None:
    """The values a schema is limited to (`enum`, `const`), or None."""
    if "const" in schema:
        return [schema["const"]]
    values = schema.get("enum")
    return list(values) if isinstance(values, list) else None


def narrowed(wide: JSON, narrow: JSON) -> Iterator[str]:
    """The keywords by which `narrow` allows fewer values than `wide`."""
    for key in _UPPER_BOUNDS:
        if key in narrow and (key not in wide or _lt(narrow[key], wide[key])):
            yield key
    for key in _LOWER_BOUNDS:
        if key in narrow and (key not in wide or _lt(wide[key], narrow[key])):
            yield key
    for inclusive, exclusive, upper in _NUMBER_BOUNDS:
        was = _number_bound(wide, inclusive, exclusive)
        now = _number_bound(narrow, inclusive, exclusive)
        if now is not None and (was is None or (now[:2] < was[:2] if upper else now[:2] > was[:2])):
            yield now[2]
    if "pattern" in narrow and not (
        isinstance(wide.get("pattern"), str)
        and isinstance(narrow["pattern"], str)
        and accepts_all(narrow["pattern"], wide["pattern"])
    ):
        yield "pattern"
    if _format(narrow) not in (None, _format(wide)):
        yield "format"
    if "multipleOf" in narrow and not _divides(narrow["multipleOf"], wide.get("multipleOf")):
        yield "multipleOf"
    if narrow.get("uniqueItems") and not wide.get("uniqueItems"):
        yield "uniqueItems"


def opaque_changes(wide: JSON, narrow: JSON, documents: tuple[JSON, JSON]) -> Iterator[str]:
    """The OPAQUE keywords `narrow` has other than `wide` has them (added or changed), so
    it may allow fewer values; one `wide` has and `narrow` lacks can only allow more.
    Compared as meant (`documents`: wide's and narrow's, to follow their `$ref`s)."""
    for key in OPAQUE:
        if key in narrow and (
            key not in wide
            or meaning(documents[1], narrow[key]) != meaning(documents[0], wide[key])
        ):
            yield key


def meaning(document: JSON, node: Any, depth: int = 0) -> Any:
    """`node` with its `$ref`s replaced by what they name, and what is for people (titles,
    descriptions, examples) left out: the same for Pydantic's `A-Input` and `A`."""
    if depth > 16:
        return "..."  # deep enough to tell two apart; a recursive schema stops here
    if isinstance(node, list):
        return [meaning(document, item, depth + 1) for item in node]
    if not isinstance(node, dict):
        return node
    if isinstance(node.get("$ref"), str):
        node = resolve(document, node)
    return {
        key: meaning(document, value, depth + 1)
        for key, value in node.items()
        if key not in ("title", "description", "examples", "example")
    }


def limit(key: str, base: JSON, current: JSON) -> str:
    """How the keyword `key` changed, in words."""
    if key == "uniqueItems":
        return "items must now be unique" if current.get(key) else "items may now repeat"
    was = repr(base[key]) if key in base else "none"
    now = repr(current[key]) if key in current else "none"
    return f"{key} is now {now} (was {was})"


def as_text(value: Any) -> str:
    """A value as it travels in a query string or a form: 10 is "10"."""
    return value if isinstance(value, str) else json.dumps(value)


def flag(schema: Any, key: str) -> bool:
    return isinstance(schema, dict) and schema.get(key) is True


def _number_bound(schema: JSON, inclusive: str, exclusive: str) -> tuple[Any, bool, str] | None:
    """A number's tightest bound of one side, as (value, tie, the keyword that sets it).
    An exclusive bound's tie sorts it inward past its value, so tuples compare as bounds
    do; for an integer it is the next integer inward (`exclusiveMinimum: -1` is
    `minimum: 0`). OpenAPI 3.0's `exclusiveMinimum: true` makes `minimum` exclusive."""
    upper = inclusive == "maximum"
    found: list[tuple[Any, bool, str]] = []
    for key in (inclusive, exclusive):
        value: Any = schema.get(key)
        if not _is_number(value):
            continue
        shut = key == exclusive or schema.get(exclusive) is True
        if shut and "integer" in kinds(schema) and "number" not in kinds(schema):
            value, shut = (math.ceil(value) - 1 if upper else math.floor(value) + 1), False
        found.append((value, shut != upper, key))  # upper: the exclusive sorts first
    if not found:
        return None
    return min(found) if upper else max(found)


def _format(schema: JSON) -> Any:
    """The format that limits a schema's values, or None (no format, or a hint)."""
    found = schema.get("format")
    return None if found in _HINTS else found


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _lt(left: Any, right: Any) -> bool:
    return _is_number(left) and _is_number(right) and bool(left < right)


def _divides(step: Any, of: Any) -> bool:
    """Is every multiple of `of` (None: any number) a multiple of `step` too?"""
    if of is None:
        return False
    with suppress(TypeError, ZeroDivisionError, AttributeError):  # not `except (A, B):`
        return bool(step == of or (of / step).is_integer())  # (see gate/online.py)
    return False
