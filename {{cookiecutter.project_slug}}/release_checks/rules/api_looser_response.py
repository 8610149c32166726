"""`api-looser-response`: a response may send what it did not promise: a field in a closed
object (`additionalProperties: false`), unlisted fields of a map, an item where a tuple
ended, a value past a limit, another `format` or `pattern`.

Clients validate and parse what they read by the promise.
"""

from collections.abc import Iterator
from typing import Any

from ._openapi import Found, Pair, limit, narrowed, opaque_changes
from ._rule import STRING, Acknowledge, DocumentExample, Rule, body, operation


def closed(properties: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {**body(properties, list(properties)), "additionalProperties": False, **more}


def answer(schema: dict[str, Any]) -> dict[str, Any]:
    return operation(response=body({"value": schema}, ["value"]))


PAIR = {"type": "array", "prefixItems": [STRING, STRING], "items": False}
MAP = {"type": "object", "additionalProperties": {"type": "integer"}}


def looser(pair: Pair) -> Iterator[Found]:
    """A response's schema that may send what it did not promise."""
    if pair.side != "response":
        return
    for key in narrowed(pair.current, pair.base):
        yield Found(limit(key, pair.base, pair.current))
    for key in opaque_changes(pair.current, pair.base, pair.documents[::-1]):
        yield Found(f"{key} is gone or changed: it may let through what it held back")
    if pair.name == "object":
        yield from unlisted(pair)


def unlisted(pair: Pair) -> Iterator[Found]:
    """A closed object (`additionalProperties: false`) or a map (a schema) promises no
    other fields."""
    base = pair.base.get("additionalProperties", True)
    current = pair.current.get("additionalProperties", True)
    listed = pair.base.get("properties") or {}
    if base is False:
        for name in sorted(pair.current.get("properties") or {}):
            if name not in listed:
                message = f"may now carry field {name!r}: the object was closed"
                yield Found(message, f"{pair.at}.{name}", f"{pair.subject}.properties.{name}")
    if base is True or current is False:
        return
    at, subject = f"{pair.at}.*", f"{pair.subject}.additionalProperties"
    if current is True:
        yield Found("may now carry any unlisted field", at, subject)
    elif base is False:
        yield Found("may now carry unlisted fields: the object was closed", at, subject)


def new_item(pair: Pair) -> Iterator[Found]:
    """`false`: no item was promised at that place of an array."""
    if pair.side == "response" and pair.base is False and pair.current is not False:
        yield Found("may now carry an item here")


RULE = Rule(
    id="api-looser-response",
    summary="a response may send what it did not promise (past a limit, a format, a closed object)",
    hint="keep the promise; send the new on a new field, or acknowledge it once clients allow it",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    openapi={"schema": looser, "item": new_item},
    refused=(
        DocumentExample(
            base=operation(response=closed({"id": STRING})),
            current=operation(response=closed({"id": STRING, "name": STRING})),
        ),
        DocumentExample(
            base=operation(response=closed({"id": STRING})),
            current=operation(response=body({"id": STRING}, ["id"])),
        ),
        DocumentExample(
            base=operation(response=closed({"id": STRING})),
            current=operation(response=closed({"id": STRING}, additionalProperties=STRING)),
        ),
        DocumentExample(
            base=answer({"type": "string", "maxLength": 10}),
            current=answer({"type": "string", "maxLength": 20}),
        ),
        DocumentExample(base=answer({"type": "string", "maxLength": 10}), current=answer(STRING)),
        DocumentExample(
            base=answer({"type": "integer", "minimum": 0}),
            current=answer({"type": "integer", "minimum": -1}),
        ),
        DocumentExample(
            base=answer({"type": "number", "exclusiveMinimum": 0}),
            current=answer({"type": "number", "minimum": 0}),
        ),
        DocumentExample(
            base=answer({"type": "string", "format": "date-time"}),
            current=answer({"type": "string", "format": "date"}),
        ),
        DocumentExample(base=answer({"type": "string", "format": "uuid"}), current=answer(STRING)),
        DocumentExample(
            base=answer({"type": "string", "pattern": "^[a-z]+$"}),
            current=answer({"type": "string", "pattern": "^[a-z0-9]+$"}),
        ),
        DocumentExample(
            base=answer({"type": "array", "items": STRING, "uniqueItems": True}),
            current=answer({"type": "array", "items": STRING}),
        ),
        DocumentExample(base=answer(PAIR), current=answer({**PAIR, "items": {"type": "integer"}})),
        DocumentExample(base=answer(MAP), current=answer({"type": "object"})),
        DocumentExample(
            base=answer({"type": "number", "multipleOf": 10}),
            current=answer({"type": "number", "multipleOf": 5}),
        ),
        # Keywords the check cannot call looser or stricter: dropped or changed is refused.
        DocumentExample(
            base=answer({**MAP, "propertyNames": {"maxLength": 8}}), current=answer(MAP)
        ),
        DocumentExample(
            base=answer({**MAP, "not": {"required": ["x"]}}),
            current=answer({**MAP, "not": {"required": ["y"]}}),
        ),
    ),
    passing=(
        # The same keywords unchanged, or added (which can only promise more).
        DocumentExample(
            base=answer(MAP), current=answer({**MAP, "propertyNames": {"maxLength": 8}})
        ),
        DocumentExample(
            base=answer({**MAP, "not": {"required": ["x"]}}),
            current=answer({**MAP, "not": {"required": ["x"]}}),
        ),
        DocumentExample(
            base=operation(response=body({"id": STRING}, ["id"])),
            current=operation(response=closed({"id": STRING, "name": STRING})),
        ),
        DocumentExample(
            base=operation(response=closed({"id": STRING, "name": STRING})),
            current=operation(response=closed({"id": STRING, "name": STRING})),
        ),
        DocumentExample(
            base=answer({"type": "string", "maxLength": 20}),
            current=answer({"type": "string", "maxLength": 10}),
        ),
        DocumentExample(
            base=answer({"type": "integer", "maximum": 100}),
            current=answer({"type": "integer", "exclusiveMaximum": 101}),
        ),
        DocumentExample(base=answer(STRING), current=answer({"type": "string", "format": "uuid"})),
        DocumentExample(
            base=answer({"type": "string", "pattern": "^[a-z0-9]+$"}),
            current=answer({"type": "string", "pattern": "^[a-z]{2,8}$"}),
        ),
        DocumentExample(
            base=answer({"type": "number", "multipleOf": 5}),
            current=answer({"type": "number", "multipleOf": 10}),
        ),
        DocumentExample(base=answer(PAIR), current=answer(PAIR)),
        DocumentExample(base=answer({"type": "object"}), current=answer(MAP)),
        # A map may list fields, if their values are what the map promised.
        DocumentExample(
            base=answer(MAP), current=answer({**MAP, "properties": {"total": {"type": "integer"}}})
        ),
    ),
)
