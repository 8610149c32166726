"""`api-parameter-style`: a parameter is spelled otherwise on the wire: its `style`,
`explode` or `content` changed.

Clients build the URL, header or cookie the old way (`ids=1,2` where `ids=1&ids=2` is
read now, `.5` where `5` is).
"""

from collections.abc import Iterator
from typing import Any

from ._openapi import Found, Pair, kinds, resolve
from ._rule import Acknowledge, DocumentExample, Rule, operation

# OpenAPI's defaults: a query or cookie parameter is `form`, exploded; a path or header
# one `simple`, not exploded.
DEFAULT_STYLE = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}
# One value is spelled alike in these (they differ for lists only).
QUERY_STYLES = {"form", "spaceDelimited", "pipeDelimited"}
SCALARS = {"boolean", "integer", "number", "string", "null"}


def spelling(parameter: dict[str, Any]) -> tuple[str, Any]:
    """("content", its media types), or (style, explode)."""
    content = parameter.get("content")
    if isinstance(content, dict):
        return "content", tuple(sorted(content))
    style = parameter.get("style", DEFAULT_STYLE.get(str(parameter.get("in")), "form"))
    return str(style), bool(parameter.get("explode", style == "form"))


def respelled(pair: Pair) -> Iterator[Found]:
    if pair.base is None or pair.current is None:
        return
    before, after = spelling(pair.base), spelling(pair.current)
    if before == after:
        return
    # One value is spelled alike exploded or not, and in every delimited query style.
    one_value = all(set(kinds(branch)) <= SCALARS for branch in branches(pair))
    alike = before[0] == after[0] or {before[0], after[0]} <= QUERY_STYLES
    if one_value and alike and "content" not in (before[0], after[0]):
        return
    yield Found(f"is now sent as {shown(after)} (was {shown(before)})")


def branches(pair: Pair) -> list[dict[str, Any]]:
    """The base parameter's schema, or the members of its union, `$ref`s followed."""
    schema = resolve(pair.documents[0], pair.base.get("schema", {}))
    members = schema.get("anyOf") or schema.get("oneOf") or [schema]
    return [resolve(pair.documents[0], member) for member in members]


def shown(spelled: tuple[str, Any]) -> str:
    kind, detail = spelled
    if kind == "content":
        return f"content {', '.join(detail)}"
    return f"style {kind}, explode {str(detail).lower()}"


def ids(**spelled: Any) -> dict[str, Any]:
    """`GET /things?ids=...`, a list of integers spelled as `spelled` says."""
    schema = {"type": "array", "items": {"type": "integer"}}
    return operation(parameters=[{"name": "ids", "in": "query", "schema": schema, **spelled}])


def item(**spelled: Any) -> dict[str, Any]:
    """`GET /things/{id}`, one integer spelled as `spelled` says."""
    parameter = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    return operation(path="/things/{id}", parameters=[{**parameter, **spelled}])


def filtered(media: str | None) -> dict[str, Any]:
    """`GET /things?filter=...`, an object sent as `media` (None: as a form, `name=x`)."""
    schema = {"type": "object", "properties": {"name": {"type": "string"}}}
    parameter: dict[str, Any] = {"name": "filter", "in": "query", "schema": schema}
    if media is not None:
        parameter = {"name": "filter", "in": "query", "content": {media: {"schema": schema}}}
    return operation(parameters=[parameter])


RULE = Rule(
    id="api-parameter-style",
    summary="a parameter is spelled otherwise on the wire (`style`, `explode`, `content`)",
    hint="keep the old spelling; a new one comes with a new parameter",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    openapi={"parameter": respelled},
    refused=(
        DocumentExample(base=ids(), current=ids(explode=False)),
        DocumentExample(base=ids(), current=ids(style="pipeDelimited", explode=False)),
        DocumentExample(base=ids(style="form", explode=False), current=ids(style="spaceDelimited")),
        DocumentExample(base=item(), current=item(style="label")),
        DocumentExample(base=filtered("application/json"), current=filtered(None)),
        DocumentExample(
            base=filtered("application/json"), current=filtered("application/x-www-form-urlencoded")
        ),
    ),
    passing=(
        DocumentExample(base=ids(), current=ids(style="form", explode=True)),
        DocumentExample(base=item(), current=item(style="simple", explode=True)),
        DocumentExample(base=filtered("application/json"), current=filtered("application/json")),
        # One value is spelled alike, exploded or not, in every delimited style.
        DocumentExample(
            base=operation(parameters=[{"name": "q", "in": "query", "schema": {"type": "string"}}]),
            current=operation(
                parameters=[
                    {"name": "q", "in": "query", "schema": {"type": "string"}, "explode": False}
                ]
            ),
        ),
    ),
)
