"""`api-discriminator-change`: a discriminator's property is renamed, or a request's
discriminator no longer maps a value.

Clients pick the member of a union by that property and its values.
"""

from collections.abc import Iterator
from typing import Any

from ._openapi import Found, Pair
from ._rule import Acknowledge, DocumentExample, Rule, body, operation


def changed(pair: Pair) -> Iterator[Found]:
    """Met on each member of a union (the walk spreads it): reported once, on the union."""
    before, after = pair.base.get("discriminator"), pair.current.get("discriminator")
    if not isinstance(before, dict) or not isinstance(after, dict):
        return
    subject = f"{pair.at}.discriminator"
    if before.get("propertyName") != after.get("propertyName"):
        message = (
            f"is now told by {after.get('propertyName')!r} (was {before.get('propertyName')!r})"
        )
        yield Found(message, subject=subject)
    if pair.side == "request":
        mapped = after.get("mapping") or {}
        for value in sorted(before.get("mapping") or {}):
            if value not in mapped:
                yield Found(f"no longer takes {value!r}", subject=f"{subject}.{value}")


COMPONENTS = {
    "schemas": {
        "Cat": body({"kind": {"const": "cat"}}, ["kind"]),
        "Dog": body({"kind": {"const": "dog"}}, ["kind"]),
    }
}
CAT, DOG = "#/components/schemas/Cat", "#/components/schemas/Dog"


def pet(side: str, property_name: str = "kind", **mapping: str) -> dict[str, Any]:
    schema = {
        "oneOf": [{"$ref": CAT}, {"$ref": DOG}],
        "discriminator": {"propertyName": property_name, "mapping": mapping},
    }
    return operation(request=schema) if side == "request" else operation(response=schema)


def example(base: dict[str, Any], current: dict[str, Any]) -> DocumentExample:
    top = {"components": COMPONENTS}
    return DocumentExample(base=base, current=current, base_top=top, current_top=top)


RULE = Rule(
    id="api-discriminator-change",
    summary="a discriminator's property is renamed, or a request's no longer maps a value",
    hint="keep the property and every value it mapped; add new values beside them",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    openapi={"schema": changed},
    refused=(
        example(pet("request", cat=CAT, dog=DOG), pet("request", cat=CAT)),
        example(pet("request", cat=CAT, dog=DOG), pet("request", "type", cat=CAT, dog=DOG)),
        example(pet("response", cat=CAT, dog=DOG), pet("response", "type", cat=CAT, dog=DOG)),
    ),
    passing=(
        example(pet("request", cat=CAT), pet("request", cat=CAT, dog=DOG)),
        example(pet("response", cat=CAT, dog=DOG), pet("response", cat=CAT, dog=DOG)),
        example(pet("response", cat=CAT, dog=DOG), pet("response", cat=CAT)),
    ),
)
