"""`api-acknowledgement`: an API acknowledgement is malformed, too early, or disagrees with
the deprecation.

An entry that matches nothing would silently let a later change through. No examples
here: judged on openapi-acknowledged.toml: tests/test_api_contract.py and the template's
API corpus hold its cases.
"""

from ._rule import Rule

RULE = Rule(
    id="api-acknowledgement",
    summary="an API acknowledgement is malformed, too early, or disagrees with the deprecation",
    hint="see docs/migrations.md, 'API acknowledgements', for the exact form",
    seen=frozenset({"api"}),
)
