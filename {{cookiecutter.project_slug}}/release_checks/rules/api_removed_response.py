"""`api-removed-response`: a success status (2xx) or a media type an operation answered
with is gone.

Clients check the status.
"""

from collections.abc import Iterator
from typing import Any

from ._openapi import Found, Pair
from ._rule import STRING, Acknowledge, DocumentExample, Rule, body, operation

FORM = "application/x-www-form-urlencoded"


def with_csv(found: dict[str, Any]) -> dict[str, Any]:
    """`found`, its 200 also answering text/csv."""
    found["/things"]["get"]["responses"]["200"]["content"]["text/csv"] = {"schema": STRING}
    return found


def gone_status(pair: Pair) -> Iterator[Found]:
    """A success status no longer sent (an error status gone is a client's good news)."""
    for status in sorted(pair.base):
        if status not in pair.current and str(status).startswith("2"):
            yield Found(f"status {status} is no longer sent", f"{pair.at}.{status}")


def gone_media_type(pair: Pair) -> Iterator[Found]:
    if pair.current is None:
        what = "sent" if pair.side == "response" else "accepted"
        yield Found(f"{pair.name} is no longer {what}")


RULE = Rule(
    id="api-removed-response",
    summary="a success status (2xx) or a media type an operation answered with is gone",
    hint="keep answering as before; add the new status or media type beside it",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    openapi={"responses": gone_status, "media": gone_media_type},
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
        # A media type added to a response: a client that sends `Accept` gets what it
        # asks for, and one that does not gets the first listed, JSON, as before.
        DocumentExample(
            base=operation(response=STRING), current=with_csv(operation(response=STRING))
        ),
        DocumentExample(base=operation(), current=operation(status="200")),
    ),
)
