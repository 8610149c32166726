"""`api-field-optional`: a response field is no longer required (it may be absent).

Clients read it as always there.
"""

from ._rule import Acknowledge, DocumentExample, Rule

RULE = Rule(
    id="api-field-optional",
    summary="a response field is no longer required (it may be absent)",
    hint="keep sending it; deprecate it and remove it with the recipe",
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
                                            "properties": {"name": {"type": "string"}},
                                            "required": [],
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
                                            "properties": {"name": {"type": "string"}},
                                            "required": [],
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
        ),
    ),
)
