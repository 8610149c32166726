"""`api-new-required`: a new required parameter, request field or body, or an optional one
became required.

Existing clients do not send it.
"""

from ._rule import Acknowledge, DocumentExample, Rule

RULE = Rule(
    id="api-new-required",
    summary=("a new required parameter, request field or body, or an optional one became required"),
    hint="make it optional with a default; existing clients do not send it",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    refused=(
        DocumentExample(
            base={
                "/things": {"get": {"responses": {"200": {"description": "ok"}}, "parameters": []}}
            },
            current={
                "/things": {
                    "get": {
                        "responses": {"200": {"description": "ok"}},
                        "parameters": [
                            {
                                "name": "limit",
                                "in": "query",
                                "required": True,
                                "schema": {"type": "string"},
                            }
                        ],
                    }
                }
            },
        ),
    ),
    passing=(
        DocumentExample(
            base={
                "/things": {"get": {"responses": {"200": {"description": "ok"}}, "parameters": []}}
            },
            current={
                "/things": {
                    "get": {
                        "responses": {"200": {"description": "ok"}},
                        "parameters": [
                            {
                                "name": "limit",
                                "in": "query",
                                "required": False,
                                "schema": {"type": "string"},
                            }
                        ],
                    }
                }
            },
        ),
    ),
)
