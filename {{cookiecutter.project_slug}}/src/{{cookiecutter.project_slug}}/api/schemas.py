"""The base of every model the API answers with, and what its document says of integers."""

from typing import Any

from pydantic import BaseModel, ConfigDict

BIGINT_MAX = 2**63 - 1  # ids are bigint: a larger number is invalid, not a server error


class ResponseModel(BaseModel):
    """A response field with a default is always sent, so the OpenAPI document lists it as
    required. Making it optional later is then a change the API gate sees
    (`api-field-optional`), as every client that reads it would."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


def integer_bounds(document: dict[str, Any]) -> dict[str, Any]:
    """`document` (the app's OpenAPI document) with every bound of an integer written as an
    integer. FastAPI's document model holds bounds as floats, and BIGINT_MAX as a float is
    9.223372036854776e18, which is 2**63, a number the service refuses; every other bound
    here is small enough to be exact."""

    def fix(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "integer":
                for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
                    if isinstance(bound := node.get(key), float):
                        node[key] = BIGINT_MAX if bound == float(BIGINT_MAX) else int(bound)
            for child in node.values():
                fix(child)
        elif isinstance(node, list):
            for child in node:
                fix(child)

    fix(document)
    return document
