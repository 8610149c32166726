"""`api-field-nullable`: a response field may now be null.

Clients read it as always set.
"""

from ._rule import Acknowledge, DocumentExample, Rule

RULE = Rule(
    id="api-field-nullable",
    summary="a response field may now be null",
    hint="keep it non-null; add a new field that may be null",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at"),
    refused=(
        DocumentExample(
            base={
                "/things": {
                    "get": {
                        "responses": {
                            "200": {
                                "description": "ok",
                                "content": {
                                    "application/json": {
                                        "schema": {
                                            "type": "object",
                                            "properties": {"name": {"type": "string"}},
                                            "required": ["name"],
                                        }
                                    }
                                },
                            }
                        }
                    }
                }
            },
            current={
                "/things": {
                    "get": {
                        "responses": {
                            "200": {
                                "description": "ok",
                                "content": {
                                    "application/json": {
                                        "schema": {
                                            "type": "object",
                                            "properties": {"name": {"type": ["string", "null"]}},
                                            "required": ["name"],
                                        }
                                    }
                                },
                            }
                        }
                    }
                }
            },
        ),
    ),
)
