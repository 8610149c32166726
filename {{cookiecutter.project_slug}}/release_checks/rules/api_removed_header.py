"""`api-removed-header`: a response header is removed or may now be absent.

Clients read it (a Location, a rate limit, a cursor).
"""

from collections.abc import Iterator
from typing import Any

from ._openapi import Found, Pair
from ._rule import Acknowledge, DocumentExample, Rule, operation

INTEGER = {"type": "integer"}


def header(required: bool = True, schema: dict[str, Any] = INTEGER) -> dict[str, Any]:
    return {"required": required, "schema": schema}


def gone_header(pair: Pair) -> Iterator[Found]:
    """A response header a client reads is still sent."""
    if pair.current is None:
        yield Found(f"response header {pair.name!r} is removed")
    elif pair.base.get("required") and not pair.current.get("required"):
        yield Found(f"response header {pair.name!r} may be absent")


RULE = Rule(
    id="api-removed-header",
    summary="a response header is removed or may now be absent",
    hint="keep sending it; deprecate it and remove it releases later with an acknowledgement",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    openapi={"header": gone_header},
    refused=(
        DocumentExample(
            base=operation(headers={"X-Rate-Limit": header()}), current=operation(headers={})
        ),
        DocumentExample(
            base=operation(headers={"X-Rate-Limit": header()}),
            current=operation(headers={"X-Rate-Limit": header(required=False)}),
        ),
        DocumentExample(
            base=operation(headers={"X-Rate-Limit": header()}),
            current=operation(headers={"X-Rate-Limit-Left": header()}),
        ),
    ),
    passing=(
        DocumentExample(
            base=operation(headers={"X-Rate-Limit": header()}),
            current=operation(headers={"x-rate-limit": header(), "X-Cursor": header()}),
        ),
        DocumentExample(base=operation(), current=operation(headers={"X-Cursor": header()})),
        DocumentExample(
            base=operation(headers={"X-Rate-Limit": header(required=False)}),
            current=operation(headers={"X-Rate-Limit": header()}),
        ),
        DocumentExample(
            base=operation(headers={"X-Rate-Limit": {"$ref": "#/components/headers/Limit"}}),
            current=operation(headers={"X-Rate-Limit": header()}),
            base_top={"components": {"headers": {"Limit": header()}}},
        ),
    ),
)
