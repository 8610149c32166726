"""`api-new-required`: a new required parameter, request field or body, or an optional one
became required.

Existing clients do not send it.
"""

from ._rule import Acknowledge, DocumentExample, Rule, operation, query

RULE = Rule(
    id="api-new-required",
    summary="a new required parameter, request field or body, or an optional one became required",
    hint="make it optional with a default; existing clients do not send it",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
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
