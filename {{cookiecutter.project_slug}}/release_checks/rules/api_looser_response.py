"""`api-looser-response`: a response may send what it did not promise: a field in a closed
object (`additionalProperties: false`), unlisted fields of a map, an item where a tuple
ended, a value past a limit, another `format` or `pattern`.

Clients validate and parse what they read by the promise.
"""

from typing import Any

from ._rule import STRING, Acknowledge, DocumentExample, Rule, body, operation


def closed(properties: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {**body(properties, list(properties)), "additionalProperties": False, **more}


def answer(schema: dict[str, Any]) -> dict[str, Any]:
    return operation(response=body({"value": schema}, ["value"]))


PAIR = {"type": "array", "prefixItems": [STRING, STRING], "items": False}
MAP = {"type": "object", "additionalProperties": {"type": "integer"}}

RULE = Rule(
    id="api-looser-response",
    summary="a response may send what it did not promise (past a limit, a format, a closed object)",
    hint="keep the promise; send the new on a new field, or acknowledge it once clients allow it",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
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
    ),
    passing=(
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
