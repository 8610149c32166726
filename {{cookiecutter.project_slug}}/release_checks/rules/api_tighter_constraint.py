"""`api-tighter-constraint`: a request constraint tightened (maxLength, minLength, pattern,
maximum, ...).

Clients send what passed before.
"""

from ._rule import Acknowledge, DocumentExample, Rule, operation, query

RULE = Rule(
    id="api-tighter-constraint",
    summary="a request constraint tightened (maxLength, minLength, pattern, maximum, ...)",
    hint="keep the old limit; enforce a stricter one only on a new field",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    refused=(
        DocumentExample(
            base=operation(parameters=[query("q", {"type": "string", "maxLength": 100})]),
            current=operation(parameters=[query("q", {"type": "string", "maxLength": 10})]),
        ),
    ),
    passing=(
        DocumentExample(
            base=operation(parameters=[query("q", {"type": "string", "maxLength": 10})]),
            current=operation(parameters=[query("q", {"type": "string", "maxLength": 100})]),
        ),
    ),
)
