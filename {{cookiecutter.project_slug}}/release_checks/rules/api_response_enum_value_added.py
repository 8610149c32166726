"""`api-response-enum-value-added`: a response field may carry a value its enum did not
list.

Generated clients map every value they know.
"""

from collections.abc import Iterator

from ._openapi import Found, Pair, enum_values
from ._rule import Acknowledge, DocumentExample, Rule, body, operation


def new_value(pair: Pair) -> Iterator[Found]:
    before, after = enum_values(pair.base), enum_values(pair.current)
    if pair.side != "response" or before is None:
        return
    if after is None:
        yield Found(f"no longer limited to {before!r}")
        return
    for value in after:
        if value not in before:
            yield Found(f"may now be {value!r}")


RULE = Rule(
    id="api-response-enum-value-added",
    summary="a response field may carry a value its enum did not list",
    hint="announce it first: acknowledge it releases after clients were told",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    openapi={"schema": new_value},
    refused=(
        DocumentExample(
            base=operation(
                response=body({"state": {"type": "string", "enum": ["on"]}}, required=["state"])
            ),
            current=operation(
                response=body(
                    {"state": {"type": "string", "enum": ["on", "off"]}}, required=["state"]
                )
            ),
        ),
        DocumentExample(
            base=operation(
                response=body({"state": {"type": "string", "enum": ["on"]}}, required=["state"])
            ),
            current=operation(response=body({"state": {"type": "string"}}, required=["state"])),
        ),
    ),
    passing=(
        DocumentExample(
            base=operation(
                response=body(
                    {"state": {"type": "string", "enum": ["on", "off"]}}, required=["state"]
                )
            ),
            current=operation(response=body({"state": {"const": "on"}}, required=["state"])),
        ),
    ),
)
