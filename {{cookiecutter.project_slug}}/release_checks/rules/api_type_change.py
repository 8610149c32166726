"""`api-type-change`: a type changed: a request no longer accepts a type, or a response may
send a new one.

Clients parse the type they know.
"""

from ._rule import Acknowledge, DocumentExample, Rule

RULE = Rule(
    id="api-type-change",
    summary=(
        "a type changed: a request no longer accepts a type, or a response may send a new one"
    ),
    hint="add a field of the new type beside the old one",
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
                                            "properties": {"id": {"type": "integer"}},
                                            "required": ["id"],
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
                                            "properties": {"id": {"type": "string"}},
                                            "required": ["id"],
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
    passing=(
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
                                "schema": {"type": "integer"},
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
                                "name": "limit",
                                "in": "query",
                                "required": False,
                                "schema": {"type": "number"},
                            }
                        ],
                    }
                }
            },
        ),
    ),
)
