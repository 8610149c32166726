"""`api-removed-field`: a field of a request or response body is removed or renamed.

Clients read it.
"""

from collections.abc import Iterator
from typing import Any

from ._openapi import Found, Pair, deprecated_in, visible
from ._rule import STRING, Acknowledge, DocumentExample, Rule, body, operation

READ_ONLY = {"type": "string", "readOnly": True}
WRITE_ONLY = {"type": "string", "writeOnly": True}
NAMED = body({"id": STRING, "name": STRING}, required=["id", "name"])
ID = body({"id": STRING}, ["id"])


def sent(schema: dict[str, Any]) -> dict[str, Any]:
    """A request the API sends to a client's endpoint, with a body of `schema`."""
    content = {"application/json": {"schema": schema}}
    return {
        "post": {"requestBody": {"content": content}, "responses": {"200": {"description": "ok"}}}
    }


def webhook(schema: dict[str, Any]) -> dict[str, Any]:
    return {"webhooks": {"paid": sent(schema)}}


def callback(schema: dict[str, Any]) -> dict[str, Any]:
    return operation(callbacks={"paid": {"{$request.body#/url}": sent(schema)}})


def gone_field(pair: Pair) -> Iterator[Found]:
    """A field the base sent or read on this side that the current one does not. A
    request's field that a map now takes is still taken and kept (its value is compared
    with the map's): a map writes `additionalProperties` (`dict[str, X]`), while an object
    that says nothing may drop what it does not list (Pydantic's models do)."""
    if pair.base is None or not visible(pair.base, pair) or pair.kept:
        return
    taken = pair.parents[1].get("additionalProperties") if pair.current is None else None
    if pair.side == "request" and (taken is True or isinstance(taken, dict)):
        return
    hidden = "readOnly" if pair.side == "request" else "writeOnly"
    what = "removed" if pair.current is None else f"{hidden} now"
    message = f"{pair.side} field {pair.name!r} is {what}"
    yield Found(message, deprecated_in=deprecated_in(pair.base))


RULE = Rule(
    id="api-removed-field",
    summary="a field of a request or response body is removed or renamed",
    hint="deprecate it first; remove it releases later with an acknowledgement",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at", counted_from="document"),
    openapi={"field": gone_field},
    refused=(
        DocumentExample(
            base=operation(response=body({"id": STRING, "name": STRING}, required=["id", "name"])),
            current=operation(response=body({"id": STRING}, required=["id"])),
        ),
        # The operation behind the second of two templates of one URL is compared too.
        DocumentExample(
            base={
                **operation(path="/users/{user_id}", request=NAMED),
                **operation(path="/users/{id}"),
            },
            current={
                **operation(path="/users/{user_id}", request=body({"id": STRING}, ["id"])),
                **operation(path="/users/{id}"),
            },
        ),
        DocumentExample(
            base=operation(request=body({"id": STRING, "name": STRING}, ["id"])),
            current=operation(request=body({"id": STRING, "name": READ_ONLY}, ["id"])),
        ),
        DocumentExample(
            base=operation(response=NAMED),
            current=operation(response=body({"id": STRING, "name": WRITE_ONLY}, ["id", "name"])),
        ),
        # What a webhook or a callback sends is read by the client's endpoint.
        DocumentExample(
            base=operation(), current=operation(), base_top=webhook(NAMED), current_top=webhook(ID)
        ),
        DocumentExample(base=callback(NAMED), current=callback(ID)),
        # A map in a response promises no field; one that does not say keeps none.
        DocumentExample(
            base=operation(response=NAMED),
            current=operation(response={"type": "object", "additionalProperties": True}),
        ),
        DocumentExample(
            base=operation(request=NAMED),
            current=operation(request={"type": "object", "properties": {"id": STRING}}),
        ),
    ),
    passing=(
        DocumentExample(
            base=operation(), current=operation(), base_top=webhook(ID), current_top=webhook(NAMED)
        ),
        # A request object made a map (`dict[str, Any]`): it takes and keeps every field.
        DocumentExample(
            base=operation(request=NAMED),
            current=operation(request={"type": "object", "additionalProperties": True}),
        ),
        DocumentExample(
            base=operation(request={**NAMED, "additionalProperties": STRING}),
            current=operation(request={"type": "object", "additionalProperties": STRING}),
        ),
        DocumentExample(
            base=operation(response=body({"id": STRING}, required=["id"])),
            current=operation(
                response=body({"id": STRING, "name": STRING}, required=["id", "name"])
            ),
        ),
        DocumentExample(
            base=operation(response=body({"id": STRING, "secret": WRITE_ONLY}, ["id"])),
            current=operation(response=body({"id": STRING}, ["id"])),
        ),
        DocumentExample(
            base=operation(response=NAMED),
            current=operation(response=body({"id": READ_ONLY, "name": STRING}, ["id", "name"])),
        ),
    ),
)
