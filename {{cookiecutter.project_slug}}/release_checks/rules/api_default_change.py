"""`api-default-change`: the default of an optional request parameter or field changed or
was dropped.

Clients that leave it out rely on the old default.
"""

from ._rule import Acknowledge, DocumentExample, Rule, body, operation, query

INTEGER = {"type": "integer"}


def limit(**schema: object) -> dict[str, object]:
    return operation(parameters=[query("limit", {"type": "integer", **schema})])


def color(**schema: object) -> dict[str, object]:
    field = {"type": "string", "enum": ["red", "blue"], **schema}
    return operation(request=body({"name": {"type": "string"}, "color": field}, ["name"]))


RULE = Rule(
    id="api-default-change",
    summary="the default of an optional request parameter or field changed or was dropped",
    hint="keep the old default; a new behaviour gets a new parameter",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    refused=(
        DocumentExample(base=limit(default=10), current=limit(default=50)),
        DocumentExample(base=limit(default=10), current=limit()),
        DocumentExample(base=color(default="red"), current=color(default="blue")),
        DocumentExample(
            base=operation(parameters=[query("q", {"type": ["string", "null"], "default": None})]),
            current=operation(parameters=[query("q", {"type": ["string", "null"], "default": ""})]),
        ),
    ),
    passing=(
        DocumentExample(base=limit(default=10), current=limit(default=10, description="Page size")),
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
