"""`api-field-optional`: a response field is no longer required (it may be absent).

Clients read it as always there.
"""

from collections.abc import Iterator

from ._openapi import Found, Pair, visible
from ._rule import STRING, Acknowledge, DocumentExample, Rule, body, operation


def no_longer_required(pair: Pair) -> Iterator[Found]:
    """`parents`: the objects, which list what is required."""
    if pair.side != "response" or not pair.kept or not visible(pair.base, pair):
        return
    base_object, current_object = pair.parents
    if pair.name in base_object.get("required", []) and pair.name not in current_object.get(
        "required", []
    ):
        yield Found("may now be absent (not required)")


RULE = Rule(
    id="api-field-optional",
    summary="a response field is no longer required (it may be absent)",
    hint="keep sending it; deprecate it and remove it with the recipe",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    openapi={"field": no_longer_required},
    refused=(
        DocumentExample(
            base=operation(response=body({"name": STRING}, required=["name"])),
            current=operation(response=body({"name": STRING})),
        ),
    ),
    passing=(
        DocumentExample(
            base=operation(response=body({"name": STRING})),
            current=operation(response=body({"name": STRING}, required=["name"])),
        ),
    ),
)
