"""`api-default-change`: the default of an optional request parameter or field changed or
was dropped.

Clients that leave it out rely on the old default.
"""

from collections.abc import Iterator
from contextlib import suppress
from decimal import Decimal

from ._openapi import MISSING, Found, Pair, as_text, resolve, visible
from ._rule import Acknowledge, DocumentExample, Rule, body, operation, query

INTEGER = {"type": "integer"}


def limit(**schema: object) -> dict[str, object]:
    return operation(parameters=[query("limit", {"type": "integer", **schema})])


def color(**schema: object) -> dict[str, object]:
    field = {"type": "string", "enum": ["red", "blue"], **schema}
    return operation(request=body({"name": {"type": "string"}, "color": field}, ["name"]))


def parameter_default(pair: Pair) -> Iterator[Found]:
    if pair.base is not None and pair.current is not None and not pair.current.get("required"):
        yield from changed(pair, pair.base.get("schema", {}), pair.current.get("schema", {}))


def field_default(pair: Pair) -> Iterator[Found]:
    """An optional request field (`parents`: the objects, which list what is required)."""
    optional = pair.name not in pair.parents[1].get("required", [])
    if pair.side == "request" and pair.kept and visible(pair.base, pair) and optional:
        yield from changed(pair, pair.base, pair.current)


def changed(pair: Pair, base: object, current: object) -> Iterator[Found]:
    """What the server assumes when an optional input is not sent stays what it was (on
    the wire, compared as the text it travels as, so 10 is "10")."""
    before = resolve(pair.documents[0], base).get("default", MISSING)
    after = resolve(pair.documents[1], current).get("default", MISSING)
    if pair.wire:
        same = MISSING not in (before, after) and as_text(before) == as_text(after)
    else:
        same = before == after or same_number(before, after)
    if before is not MISSING and not same:
        now = "none" if after is MISSING else repr(after)
        yield Found(f"default is now {now} (was {before!r})")


def same_number(one: object, other: object) -> bool:
    """A number and the text of the same number: Pydantic writes a `Decimal`'s default
    as text (`"0"`), a `float`'s as a number (0), and either takes both."""
    if {type(one), type(other)} not in ({int, str}, {float, str}):
        return False
    with suppress(ArithmeticError):  # text that is no number
        return Decimal(str(one)) == Decimal(str(other))
    return False


RULE = Rule(
    id="api-default-change",
    summary="the default of an optional request parameter or field changed or was dropped",
    hint="keep the old default; a new behaviour gets a new parameter",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    openapi={"parameter": parameter_default, "field": field_default},
    refused=(
        DocumentExample(base=limit(default=10), current=limit(default=50)),
        DocumentExample(base=limit(default=10), current=limit()),
        DocumentExample(base=color(default="red"), current=color(default="blue")),
        DocumentExample(
            base=operation(request=body({"amount": {"type": "number", "default": 0}})),
            current=operation(
                request=body({"amount": {"type": ["number", "string"], "default": "1"}})
            ),
        ),
        DocumentExample(
            base=operation(parameters=[query("q", {"type": ["string", "null"], "default": None})]),
            current=operation(parameters=[query("q", {"type": ["string", "null"], "default": ""})]),
        ),
    ),
    passing=(
        DocumentExample(base=limit(default=10), current=limit(default=10, description="Page size")),
        # A float made a Decimal: its default written as text, the same number.
        DocumentExample(
            base=operation(request=body({"amount": {"type": "number", "default": 0.5}})),
            current=operation(
                request=body({"amount": {"type": ["number", "string"], "default": "0.50"}})
            ),
        ),
        DocumentExample(base=limit(), current=limit(default=10)),
        DocumentExample(base=color(default="red"), current=color(default="red", title="Colour")),
        # The same default, written beside an allOf or on the component a $ref names.
        DocumentExample(
            base=operation(parameters=[query("limit", {"type": "integer", "default": 10})]),
            current=operation(parameters=[query("limit", {"allOf": [INTEGER], "default": 10})]),
        ),
        DocumentExample(
            base=operation(parameters=[query("limit", {"type": "integer", "default": 10})]),
            current=operation(parameters=[query("limit", {"$ref": "#/components/schemas/Limit"})]),
            current_top={"components": {"schemas": {"Limit": {**INTEGER, "default": 10}}}},
        ),
    ),
)
