"""`api-removed-link`: a response's link is removed, or points elsewhere.

Clients follow it to the next call (the operation, and the values it fills in).
"""

from collections.abc import Iterator
from typing import Any

from ._openapi import Found, Pair, resolve
from ._rule import Acknowledge, DocumentExample, Rule, operation

# What a client follows; a link's description is for people.
FOLLOWED = ("operationId", "operationRef", "parameters", "requestBody", "server")


def gone_links(pair: Pair) -> Iterator[Found]:
    base_document, current_document = pair.documents
    now = pair.current.get("links") or {}
    for name, raw in sorted((pair.base.get("links") or {}).items()):
        at = f"{pair.at}.links.{name}"
        if name not in now:
            yield Found(f"link {name!r} is removed", at)
            continue
        before, after = resolve(base_document, raw), resolve(current_document, now[name])
        changed = [key for key in FOLLOWED if before.get(key) != after.get(key)]
        if changed:
            yield Found(f"link {name!r} now differs in {', '.join(changed)}", at)


def linked(**links: Any) -> dict[str, Any]:
    """`GET /things` whose answer links to other operations."""
    found = operation()
    found["/things"]["get"]["responses"]["200"]["links"] = links
    return found


OWNER = {"operationId": "read_owner", "parameters": {"id": "$response.body#/owner"}}

RULE = Rule(
    id="api-removed-link",
    summary="a response's link is removed, or points elsewhere",
    hint="keep the link; add a new one beside it",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    openapi={"response": gone_links},
    refused=(
        DocumentExample(base=linked(owner=OWNER), current=linked()),
        DocumentExample(
            base=linked(owner=OWNER),
            current=linked(owner={**OWNER, "operationId": "read_person"}),
        ),
    ),
    passing=(
        DocumentExample(base=linked(), current=linked(owner=OWNER)),
        DocumentExample(
            base=linked(owner=OWNER),
            current=linked(owner={**OWNER, "description": "who owns it"}),
        ),
    ),
)
