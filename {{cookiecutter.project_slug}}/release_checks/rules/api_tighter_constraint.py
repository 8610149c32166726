"""`api-tighter-constraint`: a request constraint tightened (maxLength, minLength, pattern,
maximum, ..., unlisted fields refused: `additionalProperties: false`).

Clients send what passed before.
"""

from collections.abc import Iterator
from typing import Any

from ._openapi import Found, Pair, enum_values, limit, narrowed, opaque_changes
from ._rule import STRING, Acknowledge, DocumentExample, Rule, body, operation, query


def pattern(regex: str) -> dict[str, Any]:
    return operation(parameters=[query("q", {"type": "string", "pattern": regex})])


def count(**bounds: Any) -> dict[str, Any]:
    """`GET /things?n=...`, an integer within `bounds` (a number if `type` says so)."""
    return operation(parameters=[query("n", {"type": "integer", **bounds})])


def account(**more: Any) -> dict[str, Any]:
    return operation(request={**body({"name": STRING}, ["name"]), **more})


PAIR = {"type": "array", "prefixItems": [STRING, STRING]}
TAGS = {"type": "array", "items": STRING}
BANNED = body({"name": {"const": "root"}}, ["name"])
CONDITION = {"if": {"required": ["nickname"]}, "then": {"required": ["name"]}}


def tighter(pair: Pair) -> Iterator[Found]:
    """A request's schema that accepts less of what a client sent."""
    if pair.side != "request":
        return
    if enum_values(pair.base) is None and (values := enum_values(pair.current)) is not None:
        yield Found(f"now limited to {values!r}")
    for key in narrowed(pair.base, pair.current):
        yield Found(limit(key, pair.base, pair.current))
    for key in opaque_changes(pair.base, pair.current, pair.documents):
        yield Found(f"{key} is new or changed: it may refuse what was accepted")
    if pair.name == "object":
        yield from unlisted(pair)


def unlisted(pair: Pair) -> Iterator[Found]:
    """Fields an object does not list (`additionalProperties` absent or true: any;
    false: none, a closed object; a schema: values of it, a map) may only grow."""
    base = pair.base.get("additionalProperties", True)
    current = pair.current.get("additionalProperties", True)
    at, subject = f"{pair.at}.*", f"{pair.subject}.additionalProperties"
    if base is False or current is True:
        return  # nothing unlisted was sent, or anything is taken
    if current is False:
        yield Found("unlisted fields are refused", at, subject)
    elif base is True:
        yield Found("unlisted fields must now match a schema", at, subject)


def no_item(pair: Pair) -> Iterator[Found]:
    """`false`: no item allowed at that place of an array."""
    if pair.side == "request" and pair.current is False and pair.base is not False:
        yield Found("no longer accepts an item here")


RULE = Rule(
    id="api-tighter-constraint",
    summary=(
        "a request constraint tightened (maxLength, minLength, pattern, maximum, ...,"
        " additionalProperties)"
    ),
    hint="keep the old limit; enforce a stricter one only on a new field",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    openapi={"schema": tighter, "item": no_item},
    refused=(
        DocumentExample(
            base=operation(parameters=[query("q", {"type": "string", "maxLength": 100})]),
            current=operation(parameters=[query("q", {"type": "string", "maxLength": 10})]),
        ),
        DocumentExample(base=operation(parameters=[query("q")]), current=pattern("^[a-z]+$")),
        # A number's bound, inclusive or exclusive (Pydantic's ge= and gt=), moved inward.
        DocumentExample(base=count(minimum=0), current=count(exclusiveMinimum=0)),
        DocumentExample(
            base=count(type="number", minimum=0), current=count(type="number", exclusiveMinimum=0)
        ),
        DocumentExample(base=count(exclusiveMaximum=10), current=count(maximum=8)),
        DocumentExample(
            base=count(type="number", maximum=10),
            current=count(type="number", maximum=10, exclusiveMaximum=True),
        ),
        DocumentExample(base=pattern("^[a-z0-9]+$"), current=pattern("^[a-z]+$")),
        DocumentExample(base=pattern("[a-z]+"), current=pattern("^[a-z]+$")),
        DocumentExample(base=pattern("^[a-z]{2,8}$"), current=pattern("^[a-z]{3,8}$")),
        DocumentExample(base=pattern("^(ab|cd)$"), current=pattern("^ab$")),
        DocumentExample(base=pattern("^.+$"), current=pattern("^\\w+$")),
        DocumentExample(base=pattern("^[^x]+$"), current=pattern("^[^xy]+$")),
        # Unlisted fields: refused now (a closed object), or bound to a schema.
        DocumentExample(base=account(), current=account(additionalProperties=False)),
        DocumentExample(
            base=account(additionalProperties=STRING), current=account(additionalProperties=False)
        ),
        DocumentExample(base=account(), current=account(additionalProperties=STRING)),
        DocumentExample(
            base=operation(request=body({"pair": PAIR}, ["pair"])),
            current=operation(request=body({"pair": {**PAIR, "items": False}}, ["pair"])),
        ),
        DocumentExample(
            base=operation(request=body({"n": {"type": "number", "multipleOf": 5}}, ["n"])),
            current=operation(request=body({"n": {"type": "number", "multipleOf": 10}}, ["n"])),
        ),
        # Keywords the check cannot call looser or stricter: added or changed is refused.
        DocumentExample(base=account(), current=account(**{"not": {"required": ["nickname"]}})),
        DocumentExample(
            base=account(**CONDITION),
            current=account(**{**CONDITION, "then": {"required": ["code"]}}),
        ),
        DocumentExample(base=account(), current=account(patternProperties={"^x-": STRING})),
        DocumentExample(base=account(), current=account(propertyNames={"maxLength": 8})),
        DocumentExample(base=account(), current=account(unevaluatedProperties=False)),
        DocumentExample(base=account(), current=account(dependentRequired={"nickname": ["name"]})),
        DocumentExample(
            base=account(), current=account(dependentSchemas={"nickname": {"required": ["x"]}})
        ),
        DocumentExample(
            base=operation(request=body({"tags": TAGS}, ["tags"])),
            current=operation(
                request=body({"tags": {**TAGS, "contains": {"const": "a"}}}, ["tags"])
            ),
        ),
        # A string that must now hold JSON (Pydantic's `Json[int]`).
        DocumentExample(
            base=account(),
            current=operation(
                request=body(
                    {
                        "name": {
                            "type": "string",
                            "contentMediaType": "application/json",
                            "contentSchema": {"type": "integer"},
                        }
                    },
                    ["name"],
                )
            ),
        ),
    ),
    passing=(
        # The same keywords unchanged, or dropped (which can only accept more).
        DocumentExample(base=account(**CONDITION), current=account(**CONDITION)),
        DocumentExample(base=account(**CONDITION), current=account()),
        DocumentExample(
            base=account(patternProperties={"^x-": STRING}),
            current=account(patternProperties={"^x-": STRING}),
        ),
        DocumentExample(base=account(**{"not": {"required": ["nickname"]}}), current=account()),
        # Compared as meant: the same schema under another component name is unchanged.
        DocumentExample(
            base=account(**{"not": {"$ref": "#/components/schemas/Banned-Input"}}),
            current=account(**{"not": {"$ref": "#/components/schemas/Banned"}}),
            base_top={"components": {"schemas": {"Banned-Input": BANNED}}},
            current_top={"components": {"schemas": {"Banned": {**BANNED, "title": "Banned"}}}},
        ),
        DocumentExample(
            base=operation(parameters=[query("q", {"type": "string", "maxLength": 10})]),
            current=operation(parameters=[query("q", {"type": "string", "maxLength": 100})]),
        ),
        # The same bound written the other way (ge=0 as gt=-1 for an integer), or loosened.
        DocumentExample(base=count(minimum=0), current=count(exclusiveMinimum=-1)),
        DocumentExample(base=count(maximum=100), current=count(exclusiveMaximum=101)),
        DocumentExample(base=count(exclusiveMinimum=0.5), current=count(minimum=1)),
        DocumentExample(
            base=count(type="number", minimum=0), current=count(type="number", exclusiveMinimum=-1)
        ),
        DocumentExample(
            base=count(type="number", minimum=0, exclusiveMinimum=True),
            current=count(type="number", minimum=0),
        ),
        # A pattern loosened: a wider class, looser repeat, another alternative, an
        # anchor dropped, or no pattern at all.
        DocumentExample(base=pattern("^[a-z]+$"), current=pattern("^[a-z0-9]+$")),
        DocumentExample(base=pattern("^[a-z]{3}$"), current=pattern("^[a-z]{2,5}$")),
        DocumentExample(base=pattern("^ab$"), current=pattern("^(ab|cd)$")),
        DocumentExample(base=pattern("^[0-9]+$"), current=pattern("^\\d+$")),
        DocumentExample(base=pattern("^[a-z]+$"), current=pattern("[a-z]+")),
        DocumentExample(base=pattern("^[a-z]+$"), current=pattern("^(?:[a-z]+|[0-9]+)$")),
        DocumentExample(base=pattern("^x-[a-f]$"), current=pattern("^x-\\w$")),
        DocumentExample(base=pattern("^[^xy]+$"), current=pattern("^[^x]+$")),
        DocumentExample(base=pattern("^v[0-9]$"), current=pattern("^v.$")),
        DocumentExample(base=pattern("^[a-z]+$"), current=operation(parameters=[query("q")])),
        DocumentExample(base=pattern("^[a-z]+$"), current=pattern("^[a-z]+$")),
        # A format that only hints (`SecretStr`'s password) limits nothing.
        DocumentExample(
            base=account(),
            current=operation(
                request=body({"name": {"type": "string", "format": "password"}}, ["name"])
            ),
        ),
        # Unlisted fields: a closed object opened, a map's values widened.
        DocumentExample(base=account(additionalProperties=False), current=account()),
        DocumentExample(
            base=account(additionalProperties=False),
            current=account(additionalProperties=STRING),
        ),
        DocumentExample(base=account(additionalProperties=STRING), current=account()),
        DocumentExample(
            base=operation(request=body({"n": {"type": "number", "multipleOf": 10}}, ["n"])),
            current=operation(request=body({"n": {"type": "number", "multipleOf": 5}}, ["n"])),
        ),
    ),
)
