"""`api-security-change`: credentials that were enough for an operation no longer are (a
new or another scheme, a new scope, authentication where none was).

Clients send the credentials they were built with.
"""

from collections.abc import Iterator
from typing import Any

from ._openapi import JSON, Found, Pair, resolve
from ._rule import Acknowledge, DocumentExample, Rule, operation

SCHEMES = {
    "securitySchemes": {
        "bearer": {"type": "http", "scheme": "bearer"},
        "token": {"type": "http", "scheme": "bearer", "description": "the same, renamed"},
        "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
        "oauth": {
            "type": "oauth2",
            "flows": {"clientCredentials": {"tokenUrl": "/token", "scopes": {}}},
        },
    }
}


def secured(*ways: dict[str, list[str]]) -> dict[str, Any]:
    """`GET /things` that any one of `ways` (scheme -> scopes) lets in."""
    return operation(security=list(ways))


def top(security: list[dict[str, list[str]]] | None = None) -> dict[str, Any]:
    return {"components": SCHEMES, **({"security": security} if security is not None else {})}


# An operation's way in: each scheme keyed by its definition (a renamed scheme is the same
# one) -> its name and the scopes asked for.
Way = dict[str, tuple[str, frozenset[str]]]


def refused_credentials(pair: Pair) -> Iterator[Found]:
    """Every set of credentials that was enough still is: each alternative the base
    accepted has one now that asks for no other scheme and no other scope."""
    if pair.current is None:
        return
    base_document, current_document = pair.documents
    current_ways = ways(current_document, pair.current)
    for way in ways(base_document, pair.base):
        if not any(enough(way, needed) for needed in current_ways):
            named = " and ".join(sorted(name for name, _ in way.values()))
            yield Found(f"{named or 'no credentials'} is no longer enough", f"{pair.at}.security")


def ways(document: JSON, operation: JSON) -> list[Way]:
    """The operation's security alternatives (none declared: anonymous)."""
    declared = operation.get("security", document.get("security"))
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    found: list[Way] = []
    for requirement in declared or [{}]:
        way: Way = {}
        for name, scopes in (requirement or {}).items():
            scheme = resolve(document, schemes.get(name) or {"name": name})
            spelled = {k: v for k, v in scheme.items() if k != "description"}
            way[repr(sorted(spelled.items()))] = (name, frozenset(scopes or []))
        found.append(way)
    return found


def enough(sent: Way, needed: Way) -> bool:
    """Do the credentials of `sent` satisfy `needed`: each scheme, with its scopes?"""
    return all(key in sent and scopes <= sent[key][1] for key, (_, scopes) in needed.items())


RULE = Rule(
    id="api-security-change",
    summary="credentials that were enough for an operation no longer are",
    hint="keep accepting the old credentials beside the new ones",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    openapi={"operation": refused_credentials},
    refused=(
        DocumentExample(base=operation(), current=secured({"bearer": []}), current_top=top()),
        DocumentExample(
            base=secured({"bearer": []}),
            current=secured({"key": []}),
            base_top=top(),
            current_top=top(),
        ),
        DocumentExample(
            base=secured({"bearer": []}, {"key": []}),
            current=secured({"bearer": []}),
            base_top=top(),
            current_top=top(),
        ),
        DocumentExample(
            base=secured({"oauth": ["read"]}),
            current=secured({"oauth": ["read", "write"]}),
            base_top=top(),
            current_top=top(),
        ),
        DocumentExample(
            base=secured({"bearer": []}),
            current=secured({"bearer": [], "key": []}),
            base_top=top(),
            current_top=top(),
        ),
        DocumentExample(
            base=secured({}, {"bearer": []}),
            current=secured({"bearer": []}),
            base_top=top(),
            current_top=top(),
        ),
        DocumentExample(base=operation(), current=operation(), current_top=top([{"bearer": []}])),
    ),
    passing=(
        DocumentExample(
            base=secured({"bearer": []}),
            current=secured({"bearer": []}, {"key": []}),
            base_top=top(),
            current_top=top(),
        ),
        DocumentExample(
            base=secured({"bearer": []}),
            current=secured({"token": []}),
            base_top=top(),
            current_top=top(),
        ),
        DocumentExample(
            base=secured({"oauth": ["read", "write"]}),
            current=secured({"oauth": ["read"]}),
            base_top=top(),
            current_top=top(),
        ),
        DocumentExample(
            base=secured({"bearer": []}), current=operation(), base_top=top(), current_top=top()
        ),
        DocumentExample(
            base=operation(),
            current=secured({"bearer": []}),
            base_top=top([{"bearer": []}]),
            current_top=top(),
        ),
        DocumentExample(
            base=secured({"bearer": []}),
            current=secured({}, {"bearer": []}),
            base_top=top(),
            current_top=top(),
        ),
    ),
)
