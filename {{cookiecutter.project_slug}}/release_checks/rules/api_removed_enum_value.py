"""`api-removed-enum-value`: a value a client may send is no longer accepted.

Clients send it.
"""

from ._rule import Acknowledge, DocumentExample, Rule

RULE = Rule(
    id="api-removed-enum-value",
    summary="a value a client may send is no longer accepted",
    hint="keep accepting the value; map it to its replacement in the code",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    refused=(
        DocumentExample(
            base={
                "/things": {
                    "get": {
                        "responses": {"200": {"description": "ok"}},
                        "parameters": [
                            {
                                "name": "order",
                                "in": "query",
                                "required": False,
                                "schema": {"type": "string", "enum": ["asc", "desc"]},
                            }
                        ],
                    }
                }
            },
            current={
                "/things": {
                    "get": {
                        "responses": {"200": {"description": "ok"}},
                        "parameters": [
                            {
                                "name": "order",
                                "in": "query",
                                "required": False,
                                "schema": {"type": "string", "enum": ["asc"]},
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
                "/things": {
                    "get": {
                        "responses": {"200": {"description": "ok"}},
                        "parameters": [
                            {
                                "name": "order",
                                "in": "query",
                                "required": False,
                                "schema": {"type": "string", "enum": ["asc"]},
                            }
                        ],
                    }
                }
            },
            current={
                "/things": {
                    "get": {
                        "responses": {"200": {"description": "ok"}},
                        "parameters": [
                            {
                                "name": "order",
                                "in": "query",
                                "required": False,
                                "schema": {"type": "string", "enum": ["asc", "desc"]},
                            }
                        ],
                    }
                }
            },
        ),
    ),
)
