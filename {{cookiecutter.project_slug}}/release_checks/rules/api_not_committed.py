"""`api-not-committed`: openapi.json is not the app's document.

What is not committed escapes the next review. No examples here: judged on the committed
openapi.json against the app: tests/test_api_contract.py.
"""

from ._rule import Rule

RULE = Rule(
    id="api-not-committed",
    summary="openapi.json is not the app's document",
    hint="run `make openapi` and commit openapi.json",
    seen=frozenset({"api"}),
)
