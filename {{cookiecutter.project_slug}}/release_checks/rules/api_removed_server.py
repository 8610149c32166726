"""`api-removed-server`: a server URL the document declared (for the whole API, a path or
an operation) no longer serves an operation.

Clients are configured with it.
"""

from collections.abc import Iterator
from typing import Any

from ._openapi import JSON, Found, Pair
from ._rule import Acknowledge, DocumentExample, Rule, operation

V1 = [{"url": "https://api.example.com/v1"}]


def servers(*urls: str) -> dict[str, Any]:
    return {"servers": [{"url": url} for url in urls]}


def region(*regions: str) -> dict[str, Any]:
    variables = {"region": {"default": regions[0], "enum": list(regions)}}
    return {"servers": [{"url": "https://{region}.example.com", "variables": variables}]}


def gone_servers(pair: Pair) -> Iterator[Found]:
    """A server URL the base declared for the operation still serves it."""
    if pair.current is None:
        return
    (base_document, current_document), (base_item, current_item) = pair.documents, pair.parents
    current_urls = server_urls(current_document, current_item, pair.current) or {"/": ""}
    for url, declared in sorted(server_urls(base_document, base_item, pair.base).items()):
        if url not in current_urls:
            subject = f"servers.{url}" if declared == "servers" else f"{pair.at}.servers.{url}"
            yield Found(f"server {url} is gone", f"{pair.at}.servers", subject)


def server_urls(document: JSON, item: JSON, operation: JSON) -> dict[str, str]:
    """The operation's server URLs (each value of each variable) -> where declared: the
    operation's, else its path's, else the document's."""
    for holder, name in ((operation, "operation"), (item, "path"), (document, "servers")):
        declared = holder.get("servers")
        if isinstance(declared, list) and declared:
            urls: dict[str, str] = {}
            for server in (server for server in declared if isinstance(server, dict)):
                spelled = [str(server.get("url", ""))]
                for variable, spec in (server.get("variables") or {}).items():
                    values = spec.get("enum") or [spec.get("default", "")]
                    spelled = [
                        url.replace("{" + variable + "}", str(value))
                        for url in spelled
                        for value in values
                    ]
                urls.update((url.rstrip("/") or "/", name) for url in spelled)
            return urls
    return {}


RULE = Rule(
    id="api-removed-server",
    summary="a server URL the document declared no longer serves an operation",
    hint="keep serving the old URL beside the new one",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    openapi={"operation": gone_servers},
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
