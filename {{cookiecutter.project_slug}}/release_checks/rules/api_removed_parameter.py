"""`api-removed-parameter`: a parameter of an operation is removed or renamed.

Clients send it.
"""

from ._rule import Acknowledge, DocumentExample, Rule

RULE = Rule(
    id="api-removed-parameter",
    summary="a parameter of an operation is removed or renamed",
    hint="deprecate it first; remove it releases later with an acknowledgement",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at", counted_from="document"),
    refused=(
        DocumentExample(
            base={
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
            current={
                "/things": {"get": {"responses": {"200": {"description": "ok"}}, "parameters": []}}
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
