"""`api-security-change`: credentials that were enough for an operation no longer are (a
new or another scheme, a new scope, authentication where none was).

Clients send the credentials they were built with.
"""

from typing import Any

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


RULE = Rule(
    id="api-security-change",
    summary="credentials that were enough for an operation no longer are",
    hint="keep accepting the old credentials beside the new ones",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
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
