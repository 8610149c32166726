"""`api-removed-enum-value`: a value a client may send is no longer accepted.

Clients send it.
"""

from ._rule import Acknowledge, DocumentExample, Rule, operation, query

RULE = Rule(
    id="api-removed-enum-value",
    summary="a value a client may send is no longer accepted",
    hint="keep accepting the value; map it to its replacement in the code",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
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
