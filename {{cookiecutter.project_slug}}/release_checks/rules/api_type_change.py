"""`api-type-change`: a type changed: a request no longer accepts a type, or a response may
send a new one.

Clients parse the type they know.
"""

from collections.abc import Iterator
from typing import Any

from ._openapi import Found, Pair
from ._rule import STRING, Acknowledge, DocumentExample, Rule, body, operation, query

INTEGER = {"type": "integer"}
FILE = {"type": "string", "format": "binary"}
FORM = "multipart/form-data"
COMPONENTS = {
    "schemas": {
        "Cat": body({"lives": INTEGER}, ["lives"]),
        "Dog": body({"barks": {"type": "boolean"}}, ["barks"]),
        "Pet": body({"lives": INTEGER, "barks": {"type": "boolean"}}),
    }
}
CAT, DOG = {"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}
PET = {"$ref": "#/components/schemas/Pet"}


def value(schema: dict[str, Any]) -> dict[str, Any]:
    return body({"value": schema}, ["value"])


def upload(schema: dict[str, Any]) -> dict[str, Any]:
    return operation(request=body({"file": schema}, ["file"]), media=FORM)


def untaken(pair: Pair) -> Iterator[Found]:
    """A value of a kind nothing takes now: a request's that the server no longer
    accepts, a response's it never promised (null is api-field-nullable's)."""
    if pair.side == "request":
        yield Found(f"no longer accepts {pair.base.named}")
    elif pair.current.kind != "null":
        was = " or ".join(sorted({other.named for other in pair.others}))
        yield Found(f"may now be {pair.current.named}, was {was or 'nothing'}")


RULE = Rule(
    id="api-type-change",
    summary=(
        "a type changed: a request no longer accepts a type, or a response may send a new one"
    ),
    hint="add a field of the new type beside the old one",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    openapi={"unmatched": untaken},
    refused=(
        DocumentExample(
            base=operation(response=body({"id": {"type": "integer"}}, required=["id"])),
            current=operation(response=body({"id": STRING}, required=["id"])),
        ),
        # A new member of a response union: a new type, not the old member changed.
        DocumentExample(
            base=operation(response=CAT),
            current=operation(response={"oneOf": [CAT, DOG]}),
            base_top={"components": COMPONENTS},
            current_top={"components": COMPONENTS},
        ),
        DocumentExample(
            base=operation(request={"oneOf": [CAT, DOG]}),
            current=operation(request=CAT),
            base_top={"components": COMPONENTS},
            current_top={"components": COMPONENTS},
        ),
        # Maps and tuples: their values and items, in their direction.
        DocumentExample(
            base=operation(response=value({"type": "object", "additionalProperties": INTEGER})),
            current=operation(response=value({"type": "object", "additionalProperties": STRING})),
        ),
        DocumentExample(
            base=operation(request=value({"type": "object", "additionalProperties": STRING})),
            current=operation(request=value({"type": "object", "additionalProperties": INTEGER})),
        ),
        DocumentExample(
            base=operation(response=value({"type": "array", "prefixItems": [INTEGER, INTEGER]})),
            current=operation(response=value({"type": "array", "prefixItems": [INTEGER, STRING]})),
        ),
        DocumentExample(
            base=operation(request=value({"type": "array", "prefixItems": [STRING, STRING]})),
            current=operation(request=value({"type": "array", "prefixItems": [STRING, INTEGER]})),
        ),
        DocumentExample(
            base=operation(request=value({"type": "object", "additionalProperties": STRING})),
            current=operation(
                request=value(
                    {
                        "type": "object",
                        "additionalProperties": STRING,
                        "properties": {"total": INTEGER},
                    }
                )
            ),
        ),
        DocumentExample(
            base=operation(headers={"X-Count": {"schema": INTEGER}}),
            current=operation(headers={"X-Count": {"schema": STRING}}),
        ),
        # A request object made a map whose values do not take a field's.
        DocumentExample(
            base=operation(request=value(STRING)),
            current=operation(request={"type": "object", "additionalProperties": INTEGER}),
        ),
        # Text on the wire: a parameter still cannot take what is not a number.
        DocumentExample(
            base=operation(parameters=[query("q")]),
            current=operation(parameters=[query("q", INTEGER)]),
        ),
        DocumentExample(base=upload({"type": "array", "items": FILE}), current=upload(FILE)),
        DocumentExample(
            base=operation(request=value(INTEGER)), current=operation(request=value(STRING))
        ),
    ),
    passing=(
        DocumentExample(
            base=operation(parameters=[query("limit", {"type": "integer"})]),
            current=operation(parameters=[query("limit", {"type": "number"})]),
        ),
        # Parameters and form fields travel as text: a string takes a number, a list one value.
        DocumentExample(
            base=operation(parameters=[query("limit", INTEGER)]),
            current=operation(parameters=[query("limit", STRING)]),
        ),
        DocumentExample(
            base=operation(parameters=[query("id", INTEGER)]),
            current=operation(parameters=[query("id", {"type": "array", "items": INTEGER})]),
        ),
        DocumentExample(base=upload(FILE), current=upload({"type": "array", "items": FILE})),
        DocumentExample(
            base=operation(
                request=body({"n": INTEGER, "flag": {"type": "boolean"}}, ["n"]),
                media="application/x-www-form-urlencoded",
            ),
            current=operation(
                request=body({"n": STRING, "flag": STRING}, ["n"]),
                media="application/x-www-form-urlencoded",
            ),
        ),
        # A request union merged into one schema that takes both members.
        DocumentExample(
            base=operation(request={"oneOf": [CAT, DOG]}),
            current=operation(request=PET),
            base_top={"components": COMPONENTS},
            current_top={"components": COMPONENTS},
        ),
        # A response union that narrows, a map or tuple that widens in a request.
        DocumentExample(
            base=operation(response={"oneOf": [CAT, DOG]}),
            current=operation(response=CAT),
            base_top={"components": COMPONENTS},
            current_top={"components": COMPONENTS},
        ),
        DocumentExample(
            base=operation(request=value({"type": "object", "additionalProperties": INTEGER})),
            current=operation(
                request=value({"type": "object", "additionalProperties": {"type": "number"}})
            ),
        ),
        DocumentExample(
            base=operation(response=value({"type": "array", "prefixItems": [INTEGER, STRING]})),
            current=operation(response=value({"type": "array", "prefixItems": [INTEGER, STRING]})),
        ),
        DocumentExample(
            base=operation(headers={"X-Count": {"schema": STRING}}),
            current=operation(headers={"X-Count": {"schema": {"type": "string", "maxLength": 9}}}),
        ),
    ),
)
