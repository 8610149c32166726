"""`api-removed-parameter`: a parameter of an operation is removed or renamed.

Clients send it.
"""

from ._rule import Acknowledge, DocumentExample, Rule, operation, query

RULE = Rule(
    id="api-removed-parameter",
    summary="a parameter of an operation is removed or renamed",
    hint="deprecate it first; remove it releases later with an acknowledgement",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at", counted_from="document"),
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
