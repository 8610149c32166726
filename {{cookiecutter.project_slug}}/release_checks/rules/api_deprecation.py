"""`api-deprecation`: a deprecation does not record its release (and, on an operation, its
date).

The release counts when the removal may ship; the date goes out in the Deprecation
header.
"""

from ._rule import DocumentExample, Rule, operation

RULE = Rule(
    id="api-deprecation",
    summary="a deprecation does not record its release (and, on an operation, its date)",
    hint="beside deprecated=True, record the release with deprecation(...) (api/deprecation.py)",
    seen=frozenset({"api"}),
    refused=(DocumentExample(base={}, current=operation(deprecated={})),),
    passing=(
        DocumentExample(
            base={}, current=operation(deprecated={"release": "0.1", "date": "2026-01-01"})
        ),
    ),
)
