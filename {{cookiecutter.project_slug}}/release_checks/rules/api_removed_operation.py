"""`api-removed-operation`: an operation (a method on a path, or a whole path) is removed
or renamed.

Clients call it.
"""

from collections.abc import Iterator
from typing import Any

from ._openapi import Found, Pair, deprecated_in
from ._rule import Acknowledge, DocumentExample, Rule, operation

OK: dict[str, Any] = {"responses": {"200": {"description": "ok"}}}
# Two templates that differ in their parameters' names only are one URL to a client.
BOTH = {"/users/{id}": {"get": OK}, "/users/{user_id}": {"delete": OK}}


def removed(pair: Pair) -> Iterator[Found]:
    """No template of the same shape has the method now (`parents`: the path items)."""
    if pair.current is None:
        method, path = pair.name.split(" ", 1)
        gone = "the path is gone" if pair.parents[1] is None else f"{path} has no {method.lower()}"
        yield Found(f"{pair.name} is removed ({gone})", deprecated_in=deprecated_in(pair.base))


RULE = Rule(
    id="api-removed-operation",
    summary="an operation (a method on a path, or a whole path) is removed or renamed",
    hint="deprecate it first; remove it releases later with an acknowledgement",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at", counted_from="document"),
    openapi={"operation": removed},
    refused=(
        DocumentExample(base=operation(), current={}),
        DocumentExample(base=operation(), current=operation(path="/thing")),
        DocumentExample(base=BOTH, current={"/users/{id}": {"get": OK}}),
        DocumentExample(base=BOTH, current={"/users/{user_id}": {"get": OK}}),
        DocumentExample(base={"/a/{x}/b": {"get": OK}}, current={"/a/b/{x}": {"get": OK}}),
    ),
    passing=(
        DocumentExample(base={}, current=operation()),
        DocumentExample(base=BOTH, current={"/users/{key}": {"get": OK, "delete": OK}}),
        DocumentExample(
            base=BOTH, current={"/users/{uid}": {"get": OK}, "/users/{n}": {"delete": OK}}
        ),
        DocumentExample(base={"/users/{id}": {"get": OK, "delete": OK}}, current=BOTH),
    ),
)
