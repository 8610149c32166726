"""`api-removed-field`: a field of a request or response body is removed or renamed.

Clients read it.
"""

from ._rule import STRING, Acknowledge, DocumentExample, Rule, body, operation

RULE = Rule(
    id="api-removed-field",
    summary="a field of a request or response body is removed or renamed",
    hint="deprecate it first; remove it releases later with an acknowledgement",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at", counted_from="document"),
    refused=(
        DocumentExample(
            base=operation(response=body({"id": STRING, "name": STRING}, required=["id", "name"])),
            current=operation(response=body({"id": STRING}, required=["id"])),
        ),
    ),
    passing=(
        DocumentExample(
            base=operation(response=body({"id": STRING}, required=["id"])),
            current=operation(
                response=body({"id": STRING, "name": STRING}, required=["id", "name"])
            ),
        ),
    ),
)
