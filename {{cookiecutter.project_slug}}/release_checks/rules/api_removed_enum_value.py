"""`api-removed-enum-value`: a value a client may send is no longer accepted.

Clients send it.
"""

from collections.abc import Iterator

from ._openapi import Found, Pair, enum_values
from ._rule import Acknowledge, DocumentExample, Rule, operation, query


def removed_value(pair: Pair) -> Iterator[Found]:
    before, after = enum_values(pair.base), enum_values(pair.current)
    if pair.side == "request" and before is not None and after is not None:
        for value in before:
            if value not in after:
                yield Found(f"no longer accepts {value!r}")


RULE = Rule(
    id="api-removed-enum-value",
    summary="a value a client may send is no longer accepted",
    hint="keep accepting the value; map it to its replacement in the code",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    openapi={"schema": removed_value},
    refused=(
        DocumentExample(
            base=operation(
                parameters=[query("order", {"type": "string", "enum": ["asc", "desc"]})]
            ),
            current=operation(parameters=[query("order", {"type": "string", "enum": ["asc"]})]),
        ),
    ),
    passing=(
        DocumentExample(
            base=operation(parameters=[query("order", {"type": "string", "enum": ["asc"]})]),
            current=operation(
                parameters=[query("order", {"type": "string", "enum": ["asc", "desc"]})]
            ),
        ),
    ),
)
