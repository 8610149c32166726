"""`api-tighter-constraint`: a request constraint tightened (maxLength, minLength, pattern,
maximum, ..., unlisted fields refused: `additionalProperties: false`).

Clients send what passed before.
"""

from typing import Any

from ._rule import STRING, Acknowledge, DocumentExample, Rule, body, operation, query


def pattern(regex: str) -> dict[str, Any]:
    return operation(parameters=[query("q", {"type": "string", "pattern": regex})])


def account(**more: Any) -> dict[str, Any]:
    return operation(request={**body({"name": STRING}, ["name"]), **more})


PAIR = {"type": "array", "prefixItems": [STRING, STRING]}

RULE = Rule(
    id="api-tighter-constraint",
    summary=(
        "a request constraint tightened (maxLength, minLength, pattern, maximum, ...,"
        " additionalProperties)"
    ),
    hint="keep the old limit; enforce a stricter one only on a new field",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    refused=(
        DocumentExample(
            base=operation(parameters=[query("q", {"type": "string", "maxLength": 100})]),
            current=operation(parameters=[query("q", {"type": "string", "maxLength": 10})]),
        ),
        DocumentExample(base=operation(parameters=[query("q")]), current=pattern("^[a-z]+$")),
        DocumentExample(base=pattern("^[a-z0-9]+$"), current=pattern("^[a-z]+$")),
        DocumentExample(base=pattern("[a-z]+"), current=pattern("^[a-z]+$")),
        DocumentExample(base=pattern("^[a-z]{2,8}$"), current=pattern("^[a-z]{3,8}$")),
        DocumentExample(base=pattern("^(ab|cd)$"), current=pattern("^ab$")),
        DocumentExample(base=pattern("^.+$"), current=pattern("^\\w+$")),
        DocumentExample(base=pattern("^[^x]+$"), current=pattern("^[^xy]+$")),
        # Unlisted fields: refused now (a closed object), or bound to a schema.
        DocumentExample(base=account(), current=account(additionalProperties=False)),
        DocumentExample(
            base=account(additionalProperties=STRING), current=account(additionalProperties=False)
        ),
        DocumentExample(base=account(), current=account(additionalProperties=STRING)),
        DocumentExample(
            base=operation(request=body({"pair": PAIR}, ["pair"])),
            current=operation(request=body({"pair": {**PAIR, "items": False}}, ["pair"])),
        ),
        DocumentExample(
            base=operation(request=body({"n": {"type": "number", "multipleOf": 5}}, ["n"])),
            current=operation(request=body({"n": {"type": "number", "multipleOf": 10}}, ["n"])),
        ),
    ),
    passing=(
        DocumentExample(
            base=operation(parameters=[query("q", {"type": "string", "maxLength": 10})]),
            current=operation(parameters=[query("q", {"type": "string", "maxLength": 100})]),
        ),
        # A pattern loosened: a wider class, looser repeat, another alternative, an
        # anchor dropped, or no pattern at all.
        DocumentExample(base=pattern("^[a-z]+$"), current=pattern("^[a-z0-9]+$")),
        DocumentExample(base=pattern("^[a-z]{3}$"), current=pattern("^[a-z]{2,5}$")),
        DocumentExample(base=pattern("^ab$"), current=pattern("^(ab|cd)$")),
        DocumentExample(base=pattern("^[0-9]+$"), current=pattern("^\\d+$")),
        DocumentExample(base=pattern("^[a-z]+$"), current=pattern("[a-z]+")),
        DocumentExample(base=pattern("^[a-z]+$"), current=pattern("^(?:[a-z]+|[0-9]+)$")),
        DocumentExample(base=pattern("^x-[a-f]$"), current=pattern("^x-\\w$")),
        DocumentExample(base=pattern("^[^xy]+$"), current=pattern("^[^x]+$")),
        DocumentExample(base=pattern("^v[0-9]$"), current=pattern("^v.$")),
        DocumentExample(base=pattern("^[a-z]+$"), current=operation(parameters=[query("q")])),
        DocumentExample(base=pattern("^[a-z]+$"), current=pattern("^[a-z]+$")),
        # Unlisted fields: a closed object opened, a map's values widened.
        DocumentExample(base=account(additionalProperties=False), current=account()),
        DocumentExample(
            base=account(additionalProperties=False),
            current=account(additionalProperties=STRING),
        ),
        DocumentExample(base=account(additionalProperties=STRING), current=account()),
        DocumentExample(
            base=operation(request=body({"n": {"type": "number", "multipleOf": 10}}, ["n"])),
            current=operation(request=body({"n": {"type": "number", "multipleOf": 5}}, ["n"])),
        ),
    ),
)
