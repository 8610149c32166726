"""`ambiguous-overload`: a new overload of a function makes calls of one that was there
ambiguous.

PostgreSQL resolves a call among the functions of its name; a new one with defaults
(`f(integer)` beside a new `f(integer, integer DEFAULT 0)`) or a variadic one can leave
it two equally good candidates, and the old release's `f(1)` fails with "function ... is
not unique". The database is asked: each function of the name that was there is called
with its own argument types, each number of them it accepts, and the call is resolved
(prepared, never run) without the new overloads and with them. An overload that leaves
those calls resolving passes (`f(bigint)` beside `f(integer)`); calls that relied on an
implicit cast or on an untyped literal (`f('1')`) are not probed, and may pick the new
one or fail: callers that pass typed values are safe.
"""

import json
from collections.abc import Iterator

from ._catalog import CatalogChange, CatalogObject, Upgrade, is_trigger_function
from ._rule import Acknowledge, RevisionExample, Rule

_CALLED = ("function", "aggregate")  # a procedure is CALLed, which cannot be prepared


def ambiguous_calls(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """Each new overload after which a call of an old function of its name, with its own
    argument types, no longer resolves."""
    if upgrade.calls is None:
        return
    before, after = upgrade.sides
    added: dict[str, list[CatalogObject]] = {}  # schema.name -> its new overloads
    for key, new in upgrade.after.items():
        made_again = (new.kind, new.name) in before.snapshot.identities
        if new.kind in _CALLED and before.get(key) is None and not made_again:
            added.setdefault(_called_name(new), []).append(new)
    for (kind, name), identity in before.snapshot.identities.items():
        new_ones = added.get(_called_name_of(name)) if kind in _CALLED else None
        old = before.object((kind, name)) if new_ones else None
        if old is None or is_trigger_function(old) or after.get(identity.key) is None:
            continue
        for call in _calls(old):
            was, now = upgrade.calls(call, [each.name for each in new_ones or ()])
            if was is None and now is not None:
                made = ", ".join(each.name for each in new_ones or ())
                message = f"adds {made}: the call {call} of {name} no longer resolves ({now})"
                yield upgrade.finding("ambiguous-overload", (new_ones or [old])[0], message)
                break


def _called_name(function: CatalogObject) -> str:
    return _called_name_of(function.name)


def _called_name_of(name: str) -> str:
    """`schema.name` of `schema.name(arguments)`."""
    return name.split("(", 1)[0]


def _calls(function: CatalogObject) -> Iterator[str]:
    """`name(NULL::type, ...)` with each number of arguments the function accepts."""
    defaults, variadic, types = json.loads(function.identity.facts or "[0, false, []]")
    name = _called_name(function)
    for count in range(len(types) - defaults, len(types) + 1):
        arguments = [f"NULL::{each}" for each in types[:count]]
        if variadic and count == len(types):
            arguments[-1] = "VARIADIC " + arguments[-1]
        yield f"{name}({', '.join(arguments)})"


_TOTAL = "CREATE FUNCTION example_total({}) RETURNS integer LANGUAGE sql AS 'SELECT 1'"

RULE = Rule(
    id="ambiguous-overload",
    summary="a new overload makes calls of a function that was there ambiguous",
    hint="give the new function its own name, or no defaults its old overload shares",
    seen=frozenset({"catalog"}),
    catalog=ambiguous_calls,
    acknowledge=Acknowledge("table"),
    refused=(
        RevisionExample(
            upgrade=f'op.execute("{_TOTAL.format("integer, integer DEFAULT 0")}")',
            downgrade='op.execute("DROP FUNCTION example_total(integer, integer)")',
        ),
        RevisionExample(
            upgrade=f"""
op.execute("{_TOTAL.format("integer, b integer DEFAULT 0, c integer DEFAULT 0")}")
""",
            downgrade='op.execute("DROP FUNCTION example_total(integer, integer, integer)")',
        ),
    ),
    passing=(
        RevisionExample(
            upgrade=f"""
op.execute("{_TOTAL.format("bigint")}")
op.execute("{_TOTAL.format("text")}")
op.execute("{_TOTAL.format("integer, integer")}")
""",
            downgrade="""
op.execute("DROP FUNCTION example_total(integer, integer)")
op.execute("DROP FUNCTION example_total(text)")
op.execute("DROP FUNCTION example_total(bigint)")
""",
        ),
        RevisionExample(
            upgrade=f'op.execute("{_TOTAL.format("integer, integer DEFAULT 0")}")',
            downgrade='op.execute("DROP FUNCTION example_total(integer, integer)")',
            declarations="""
acknowledged = [
    {
        "rule": "ambiguous-overload",
        "table": "example_total(integer, integer)",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
