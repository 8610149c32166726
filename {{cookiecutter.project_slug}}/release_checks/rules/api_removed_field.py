"""`api-removed-field`: a field of a request or response body is removed or renamed.

Clients read it.
"""

from ._rule import Acknowledge, DocumentExample, Rule

RULE = Rule(
    id="api-removed-field",
    summary="a field of a request or response body is removed or renamed",
    hint="deprecate it first; remove it releases later with an acknowledgement",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at", counted_from="document"),
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
                                            "properties": {
                                                "id": {"type": "string"},
                                                "name": {"type": "string"},
                                            },
                                            "required": ["id", "name"],
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
                                            "properties": {
                                                "id": {"type": "string"},
                                                "name": {"type": "string"},
                                            },
                                            "required": ["id", "name"],
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
