"""`api-removed-callback`: a webhook or a callback the API sent is no longer sent (its
name, its URL expression or its method is gone).

Clients run the endpoint that receives it and rely on being called. (What it sends is
compared as a response is, by the response rules: api-removed-field, api-type-change, ...)
"""

from collections.abc import Iterator
from typing import Any

from ._openapi import JSON, METHODS, Found, Pair, resolve
from ._rule import Acknowledge, DocumentExample, Rule, operation


def gone_webhooks(pair: Pair) -> Iterator[Found]:
    """The documents' `webhooks`: name -> a path item (the request the API sends)."""
    base_document, current_document = pair.documents
    now = pair.current.get("webhooks") or {}
    for name, item in sorted((pair.base.get("webhooks") or {}).items()):
        current = resolve(current_document, now.get(name)) if name in now else None
        for method in gone_methods(base_document, item, current):
            yield Found(
                f"webhook {name!r} ({method.upper()}) is no longer sent", f"webhooks.{name}"
            )


def gone_callbacks(pair: Pair) -> Iterator[Found]:
    """An operation's `callbacks`: name -> URL expression -> a path item."""
    if pair.current is None:
        return  # the operation itself is gone: api-removed-operation
    base_document, current_document = pair.documents
    now = pair.current.get("callbacks") or {}
    for name, raw in sorted((pair.base.get("callbacks") or {}).items()):
        current = resolve(current_document, now[name]) if name in now else {}
        for expression, item in sorted(resolve(base_document, raw).items()):
            at = f"{pair.at}.callbacks.{name}"
            sent = resolve(current_document, current[expression]) if expression in current else None
            for method in gone_methods(base_document, item, sent):
                yield Found(
                    f"callback {name!r} ({method.upper()} {expression}) is no longer sent", at
                )


def gone_methods(document: JSON, item: Any, current: JSON | None) -> list[str]:
    methods = [
        method for method in METHODS if isinstance(resolve(document, item).get(method), dict)
    ]
    return [method for method in methods if current is None or method not in current]


EVENT = {"post": {"responses": {"200": {"description": "ok"}}}}
PAID = {"paid": {"{$request.body#/callback}": EVENT}}


RULE = Rule(
    id="api-removed-callback",
    summary="a webhook or a callback the API sent is no longer sent",
    hint="keep sending it; deprecate it first and remove it releases later with an acknowledgement",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    openapi={"document": gone_webhooks, "operation": gone_callbacks},
    refused=(
        DocumentExample(
            base=operation(),
            current=operation(),
            base_top={"webhooks": {"paid": EVENT}},
            current_top={"webhooks": {"refunded": EVENT}},
        ),
        DocumentExample(
            base=operation(),
            current=operation(),
            base_top={"webhooks": {"paid": EVENT}},
            current_top={"webhooks": {"paid": {"put": EVENT["post"]}}},
        ),
        DocumentExample(base=operation(callbacks=PAID), current=operation()),
        DocumentExample(
            base=operation(callbacks=PAID),
            current=operation(callbacks={"paid": {"{$request.body#/url}": EVENT}}),
        ),
    ),
    passing=(
        DocumentExample(
            base=operation(),
            current=operation(),
            base_top={"webhooks": {"paid": EVENT}},
            current_top={"webhooks": {"paid": EVENT, "refunded": EVENT}},
        ),
        DocumentExample(base=operation(), current=operation(callbacks=PAID)),
        DocumentExample(base=operation(callbacks=PAID), current=operation(callbacks=PAID)),
    ),
)
