"""`api-type-change`: a type changed: a request no longer accepts a type, or a response may
send a new one.

Clients parse the type they know.
"""

from ._rule import STRING, Acknowledge, DocumentExample, Rule, body, operation, query

RULE = Rule(
    id="api-type-change",
    summary=(
        "a type changed: a request no longer accepts a type, or a response may send a new one"
    ),
    hint="add a field of the new type beside the old one",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    refused=(
        DocumentExample(
            base=operation(response=body({"id": {"type": "integer"}}, required=["id"])),
            current=operation(response=body({"id": STRING}, required=["id"])),
        ),
    ),
    passing=(
        DocumentExample(
            base=operation(parameters=[query("limit", {"type": "integer"})]),
            current=operation(parameters=[query("limit", {"type": "number"})]),
        ),
    ),
)
