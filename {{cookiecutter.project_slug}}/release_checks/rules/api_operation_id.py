"""`api-operation-id`: an operation's `operationId` changed or is gone.

Generated clients name their methods after it (`client.read_account(...)`): their code
stops compiling, or calls nothing.
"""

import re
from collections.abc import Iterator
from typing import Any

from ._openapi import Found, Pair
from ._rule import Acknowledge, DocumentExample, Rule, operation


def renamed(pair: Pair) -> Iterator[Found]:
    if pair.current is None:
        return  # the operation itself is gone: api-removed-operation
    before, after = pair.base.get("operationId"), pair.current.get("operationId")
    if before is not None and before != after and not follows_the_path(pair, before, after):
        now = "gone" if after is None else f"{after!r}"
        yield Found(f"operationId is now {now} (was {before!r})", f"{pair.at}.operationId")


def follows_the_path(pair: Pair, before: str, after: Any) -> bool:
    """Is the id derived from the path (FastAPI's: the function's name, the path, the
    method) and changed with a path parameter's name only? The URL is the same, so the
    rename is let through as the URL's rename is (a generated client's method is renamed
    all the same: give the route an `operation_id=` to keep it)."""
    base, current = spelled(pair.name.split(" ", 1)[1]), spelled(pair.template)
    return (
        isinstance(after, str)
        and base in before
        and before.replace(base, "/", 1) == after.replace(current, "/", 1)
    )


def spelled(path: str) -> str:
    return re.sub(r"\W", "_", path)


def named(operation_id: str | None = None, **more: Any) -> dict[str, Any]:
    spelled: dict[str, Any] = {} if operation_id is None else {"operationId": operation_id}
    return operation(**spelled, **more)


RULE = Rule(
    id="api-operation-id",
    summary="an operation's `operationId` changed or is gone",
    hint="keep the operationId (FastAPI: `operation_id=` on the route, or the function's name)",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    openapi={"operation": renamed},
    refused=(
        DocumentExample(base=named("list_things"), current=named("get_things")),
        DocumentExample(base=named("list_things"), current=named()),
        DocumentExample(
            base=named("read_thing", path="/things/{thing_id}"),
            current=named("read_thing_by_id", path="/things/{id}"),
        ),
    ),
    passing=(
        DocumentExample(base=named(), current=named("list_things")),
        # FastAPI's id, derived from the path, follows a path parameter's new name.
        DocumentExample(
            base=named("read_thing_things__thing_id__get", path="/things/{thing_id}"),
            current=named("read_thing_things__id__get", path="/things/{id}"),
        ),
        DocumentExample(base=named("list_things"), current=named("list_things")),
        DocumentExample(
            base=named("list_things", path="/things/{thing_id}"),
            current=named("list_things", path="/things/{id}"),
        ),
    ),
)
