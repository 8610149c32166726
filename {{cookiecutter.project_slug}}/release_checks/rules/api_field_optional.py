"""`api-field-optional`: a response field is no longer required (it may be absent).

Clients read it as always there.
"""

from ._rule import STRING, Acknowledge, DocumentExample, Rule, body, operation

RULE = Rule(
    id="api-field-optional",
    summary="a response field is no longer required (it may be absent)",
    hint="keep sending it; deprecate it and remove it with the recipe",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    refused=(
        DocumentExample(
            base=operation(response=body({"name": STRING}, required=["name"])),
            current=operation(response=body({"name": STRING})),
        ),
    ),
    passing=(
        DocumentExample(
            base=operation(response=body({"name": STRING})),
            current=operation(response=body({"name": STRING}, required=["name"])),
        ),
    ),
)
