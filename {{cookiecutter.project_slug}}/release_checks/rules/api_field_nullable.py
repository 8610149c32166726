"""`api-field-nullable`: a response field may now be null.

Clients read it as always set.
"""

from collections.abc import Iterator

from ._openapi import Found, Pair
from ._rule import STRING, Acknowledge, DocumentExample, Rule, body, operation


def new_null(pair: Pair) -> Iterator[Found]:
    if pair.side == "response" and pair.current.kind == "null":
        yield Found("may now be null")


RULE = Rule(
    id="api-field-nullable",
    summary="a response field may now be null",
    hint="keep it non-null; add a new field that may be null",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    openapi={"unmatched": new_null},
    refused=(
        DocumentExample(
            base=operation(response=body({"name": STRING}, required=["name"])),
            current=operation(
                response=body({"name": {"type": ["string", "null"]}}, required=["name"])
            ),
        ),
        DocumentExample(
            base=operation(response=body({"name": STRING}, required=["name"])),
            current=operation(
                response=body({"name": {"anyOf": [STRING, {"type": "null"}]}}, ["name"])
            ),
        ),
        DocumentExample(
            base=operation(response=body({"name": STRING}, required=["name"])),
            current=operation(response=body({"name": {**STRING, "nullable": True}}, ["name"])),
        ),
    ),
    passing=(
        DocumentExample(
            base=operation(request=body({"name": STRING}, required=["name"])),
            current=operation(request=body({"name": {"type": ["string", "null"]}}, ["name"])),
        ),
        DocumentExample(
            base=operation(response=body({"name": {"type": ["string", "null"]}}, ["name"])),
            current=operation(response=body({"name": STRING}, required=["name"])),
        ),
    ),
)
