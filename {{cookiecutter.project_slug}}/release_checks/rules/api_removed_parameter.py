"""`api-removed-parameter`: a parameter of an operation is removed or renamed.

Clients send it.
"""

from collections.abc import Iterator

from ._openapi import Found, Pair, deprecated_in
from ._rule import Acknowledge, DocumentExample, Rule, operation, query


def removed(pair: Pair) -> Iterator[Found]:
    if pair.current is None:
        location, name = pair.base.get("in"), pair.base.get("name")
        message = f"{location} parameter {name!r} is removed"
        yield Found(message, deprecated_in=deprecated_in(pair.base))


RULE = Rule(
    id="api-removed-parameter",
    summary="a parameter of an operation is removed or renamed",
    hint="deprecate it first; remove it releases later with an acknowledgement",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at", counted_from="document"),
    openapi={"parameter": removed},
    refused=(
        DocumentExample(
            base=operation(parameters=[query("limit")]), current=operation(parameters=[])
        ),
    ),
    passing=(
        DocumentExample(
            base=operation(parameters=[]), current=operation(parameters=[query("limit")])
        ),
    ),
)
