"""`api-removed-operation`: an operation (a method on a path, or a whole path) is removed
or renamed.

Clients call it.
"""

from ._rule import Acknowledge, DocumentExample, Rule, operation

RULE = Rule(
    id="api-removed-operation",
    summary="an operation (a method on a path, or a whole path) is removed or renamed",
    hint="deprecate it first; remove it releases later with an acknowledgement",
    seen=frozenset({"api"}),
    acknowledge=Acknowledge("at", counted_from="document"),
    refused=(DocumentExample(base=operation(), current={}),),
    passing=(DocumentExample(base={}, current=operation()),),
)
