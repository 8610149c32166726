"""`api-removed-response`: a success status (2xx) or a media type an operation answered
with is gone.

Clients check the status.
"""

from typing import Any

from ._rule import STRING, Acknowledge, DocumentExample, Rule, body, operation

FORM = "application/x-www-form-urlencoded"


def with_csv(found: dict[str, Any]) -> dict[str, Any]:
    """`found`, its 200 also answering text/csv."""
    found["/things"]["get"]["responses"]["200"]["content"]["text/csv"] = {"schema": STRING}
    return found


RULE = Rule(
    id="api-removed-response",
    summary="a success status (2xx) or a media type an operation answered with is gone",
    hint="keep answering as before; add the new status or media type beside it",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    refused=(
        DocumentExample(base=operation(), current=operation(status="201")),
        DocumentExample(
            base=with_csv(operation(response=STRING)), current=operation(response=STRING)
        ),
        DocumentExample(
            base=operation(request=body({"name": STRING})),
            current=operation(request=body({"name": STRING}), media=FORM),
        ),
    ),
    passing=(
        DocumentExample(
            base=operation(response=STRING), current=with_csv(operation(response=STRING))
        ),
        DocumentExample(base=operation(), current=operation(status="200")),
    ),
)
