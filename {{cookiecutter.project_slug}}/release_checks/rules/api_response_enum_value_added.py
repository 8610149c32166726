"""`api-response-enum-value-added`: a response field may carry a value its enum did not
list.

Generated clients map every value they know.
"""

from ._rule import Acknowledge, DocumentExample, Rule, body, operation

RULE = Rule(
    id="api-response-enum-value-added",
    summary="a response field may carry a value its enum did not list",
    hint="announce it first: acknowledge it releases after clients were told",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    refused=(
        DocumentExample(
            base=operation(
                response=body({"state": {"type": "string", "enum": ["on"]}}, required=["state"])
            ),
            current=operation(
                response=body(
                    {"state": {"type": "string", "enum": ["on", "off"]}}, required=["state"]
                )
            ),
        ),
        DocumentExample(
            base=operation(
                response=body({"state": {"type": "string", "enum": ["on"]}}, required=["state"])
            ),
            current=operation(response=body({"state": {"type": "string"}}, required=["state"])),
        ),
    ),
    passing=(
        DocumentExample(
            base=operation(
                response=body(
                    {"state": {"type": "string", "enum": ["on", "off"]}}, required=["state"]
                )
            ),
            current=operation(response=body({"state": {"const": "on"}}, required=["state"])),
        ),
    ),
)
