"""`api-removed-server`: a server URL the document declared (for the whole API, a path or
an operation) no longer serves an operation.

Clients are configured with it.
"""

from typing import Any

from ._rule import Acknowledge, DocumentExample, Rule, operation

V1 = [{"url": "https://api.example.com/v1"}]


def servers(*urls: str) -> dict[str, Any]:
    return {"servers": [{"url": url} for url in urls]}


def region(*regions: str) -> dict[str, Any]:
    variables = {"region": {"default": regions[0], "enum": list(regions)}}
    return {"servers": [{"url": "https://{region}.example.com", "variables": variables}]}


RULE = Rule(
    id="api-removed-server",
    summary="a server URL the document declared no longer serves an operation",
    hint="keep serving the old URL beside the new one",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    refused=(
        DocumentExample(
            base=operation(),
            current=operation(),
            base_top=servers("https://api.example.com/v1"),
            current_top=servers("https://api.example.com/v2"),
        ),
        DocumentExample(
            base=operation(),
            current=operation(),
            base_top=servers("https://api.example.com", "https://eu.example.com"),
            current_top=servers("https://api.example.com"),
        ),
        DocumentExample(base=operation(servers=V1), current=operation()),
        DocumentExample(
            base=operation(),
            current=operation(),
            base_top=region("eu", "us"),
            current_top=region("eu"),
        ),
        DocumentExample(
            base=operation(),
            current=operation(),
            base_top=region("eu", "us"),
            current_top=servers("https://us.example.com"),
        ),
    ),
    passing=(
        DocumentExample(
            base=operation(),
            current=operation(),
            base_top=servers("https://api.example.com/v1"),
            current_top=servers("https://api.example.com/v1/", "https://api.example.com/v2"),
        ),
        DocumentExample(base=operation(), current=operation(), current_top=servers("/api")),
        DocumentExample(base=operation(), current=operation(servers=V1), base_top={"servers": V1}),
        DocumentExample(
            base=operation(),
            current=operation(),
            base_top=servers("https://eu.example.com"),
            current_top=region("us", "eu"),
        ),
    ),
)
