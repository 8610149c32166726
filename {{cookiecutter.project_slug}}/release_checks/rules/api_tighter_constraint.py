"""`api-tighter-constraint`: a request constraint tightened (maxLength, minLength, pattern,
maximum, ...).

Clients send what passed before.
"""

from ._rule import Acknowledge, DocumentExample, Rule

RULE = Rule(
    id="api-tighter-constraint",
    summary="a request constraint tightened (maxLength, minLength, pattern, maximum, ...)",
    hint="keep the old limit; enforce a stricter one only on a new field",
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
                                "name": "q",
                                "in": "query",
                                "required": False,
                                "schema": {"type": "string", "maxLength": 100},
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
                                "name": "q",
                                "in": "query",
                                "required": False,
                                "schema": {"type": "string", "maxLength": 10},
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
                                "name": "q",
                                "in": "query",
                                "required": False,
                                "schema": {"type": "string", "maxLength": 10},
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
                                "name": "q",
                                "in": "query",
                                "required": False,
                                "schema": {"type": "string", "maxLength": 100},
                            }
                        ],
                    }
                }
            },
        ),
    ),
)
