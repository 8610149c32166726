"""`api-removed-response`: a success status (2xx) or a media type an operation answered
with is gone.

Clients check the status.
"""

from ._rule import Acknowledge, DocumentExample, Rule, operation

RULE = Rule(
    id="api-removed-response",
    summary="a success status (2xx) or a media type an operation answered with is gone",
    hint="keep answering as before; add the new status or media type beside it",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    refused=(DocumentExample(base=operation(), current=operation(status="201")),),
)
