"""`api-response-status-added`: an operation may answer with a success status (2xx) it did
not list.

Clients handle the statuses they know; generated ones raise on another.
"""

from collections.abc import Iterator
from typing import Any

from ._openapi import Found, Pair
from ._rule import STRING, Acknowledge, DocumentExample, Rule, body, operation

OK: dict[str, Any] = {"description": "ok"}


def answering(*statuses: str) -> dict[str, Any]:
    """`GET /things` answering each status."""
    found = operation()
    found["/things"]["get"]["responses"] = {status: OK for status in statuses}
    return found


def new_status(pair: Pair) -> Iterator[Found]:
    """A client that handles the success statuses it knows meets a new one. (One in
    place of a removed one is that removal, already refused.)"""
    base, current = pair.base, pair.current
    if "2XX" in base or any(s not in current for s in base if str(s).startswith("2")):
        return
    for status in sorted(set(current) - set(base)):
        if str(status).startswith("2"):
            message = f"status {status} may now be sent (was {', '.join(sorted(base))})"
            yield Found(message, f"{pair.at}.{status}")


RULE = Rule(
    id="api-response-status-added",
    summary="an operation may answer with a success status (2xx) it did not list",
    hint="answer new outcomes on a new operation; or acknowledge it once clients handle it",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    openapi={"responses": new_status},
    refused=(
        DocumentExample(base=answering("200"), current=answering("200", "202")),
        DocumentExample(base=answering("201", "422"), current=answering("201", "204", "422")),
    ),
    passing=(
        DocumentExample(base=answering("200"), current=answering("200", "404", "422")),
        DocumentExample(base=answering("200", "2XX"), current=answering("200", "2XX", "202")),
        DocumentExample(base=answering("200"), current=answering("200", "default", "303")),
        DocumentExample(
            base=operation(response=body({"id": STRING})),
            current=operation(response=body({"id": STRING}), status="200"),
        ),
    ),
)
