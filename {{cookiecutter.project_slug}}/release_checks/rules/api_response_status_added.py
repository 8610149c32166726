"""`api-response-status-added`: an operation may answer with a success status (2xx) it did
not list.

Clients handle the statuses they know; generated ones raise on another.
"""

from typing import Any

from ._rule import STRING, Acknowledge, DocumentExample, Rule, body, operation

OK: dict[str, Any] = {"description": "ok"}


def answering(*statuses: str) -> dict[str, Any]:
    """`GET /things` answering each status."""
    found = operation()
    found["/things"]["get"]["responses"] = {status: OK for status in statuses}
    return found


RULE = Rule(
    id="api-response-status-added",
    summary="an operation may answer with a success status (2xx) it did not list",
    hint="answer new outcomes on a new operation; or acknowledge it once clients handle it",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
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
