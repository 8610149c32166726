"""`api-new-required`: a new required parameter, request field or body, or an optional one
became required.

Existing clients do not send it.
"""

from collections.abc import Iterator

from ._openapi import Found, Pair
from ._rule import Acknowledge, DocumentExample, Rule, operation, query


def required_parameter(pair: Pair) -> Iterator[Found]:
    if pair.current is not None and pair.current.get("required"):
        if pair.base is None:
            yield Found("a new required parameter")
        elif not pair.base.get("required"):
            yield Found("the parameter became required")


def required_body(pair: Pair) -> Iterator[Found]:
    if pair.current.get("required") and not pair.base.get("required"):
        yield Found("the request body became required")


def required_field(pair: Pair) -> Iterator[Found]:
    """A request field required now (`parents`: the objects, which list what is required)."""
    base_object, current_object = pair.parents
    required = pair.name in current_object.get("required", [])
    if pair.side == "request" and required and pair.name not in base_object.get("required", []):
        yield Found("became required" if pair.base is not None else "a new required field")


RULE = Rule(
    id="api-new-required",
    summary="a new required parameter, request field or body, or an optional one became required",
    hint="make it optional with a default; existing clients do not send it",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    openapi={
        "parameter": required_parameter,
        "request-body": required_body,
        "field": required_field,
    },
    refused=(
        DocumentExample(
            base=operation(parameters=[]),
            current=operation(parameters=[query("limit", required=True)]),
        ),
    ),
    passing=(
        DocumentExample(
            base=operation(parameters=[]), current=operation(parameters=[query("limit")])
        ),
    ),
)
