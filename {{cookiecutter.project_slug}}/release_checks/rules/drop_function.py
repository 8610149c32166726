"""`drop-function`: upgrade() drops a function, procedure or aggregate, gives it a new
signature, or makes it again returning something else.

Old releases and other services call it as it was; it goes with an acknowledgement,
releases after its deprecation. A trigger function goes with its triggers
(`drop-trigger`).
"""

from collections.abc import Iterator

from ._catalog import FUNCTIONS, CatalogChange, CatalogObject, Upgrade, is_trigger_function
from ._rule import Acknowledge, RevisionExample, Rule


def dropped_functions(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """A function, procedure or aggregate dropped (a new signature is a drop: the old
    one's callers fail), or made again returning something else. A trigger function is
    its triggers' (drop-trigger)."""
    for key, old in upgrade.before.items():
        if old.kind not in FUNCTIONS or is_trigger_function(old) or key in upgrade.after:
            continue
        again = upgrade.made_again(old)
        if again is None:
            yield upgrade.finding("drop-function", old, f"drops {old.kind} {old.name}")
        elif _signature(again) != _signature(old):
            was, becomes = " ".join(_signature(old)), " ".join(_signature(again))
            message = f"makes {old.kind} {old.name} again as {becomes}, not {was}"
            yield upgrade.finding("drop-function", old, message)


def _signature(thing: CatalogObject) -> list[str]:
    """How a function is called and what it returns: its header (argument names and
    defaults) and RETURNS line, or an aggregate's whole definition."""
    lines = thing.definition.splitlines()
    if thing.kind == "aggregate":
        return lines
    return [lines[0], *(line for line in lines if line.startswith(" RETURNS "))]


RULE = Rule(
    id="drop-function",
    summary="upgrade() drops a function or procedure, or changes its signature or result",
    hint="keep it; add the new signature beside it (an overload, or a new name)",
    seen=frozenset({"catalog"}),
    catalog=dropped_functions,
    acknowledge=Acknowledge("table", counted_from="entry"),
    refused=(
        RevisionExample(
            upgrade='op.execute("DROP FUNCTION example_total(integer)")',
            downgrade="""
op.execute("CREATE FUNCTION example_total(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1'")
""",
        ),
        RevisionExample(
            upgrade="""
op.execute("DROP FUNCTION example_total(integer)")
op.execute("CREATE FUNCTION example_total(bigint) RETURNS bigint LANGUAGE sql AS 'SELECT $1'")
""",
            downgrade="""
op.execute("DROP FUNCTION example_total(bigint)")
op.execute("CREATE FUNCTION example_total(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1'")
""",
        ),
        RevisionExample(
            upgrade="""
op.execute("DROP FUNCTION example_total(integer)")
op.execute("CREATE FUNCTION example_total(integer) RETURNS text LANGUAGE sql AS 'SELECT $1::text'")
""",
            downgrade="""
op.execute("DROP FUNCTION example_total(integer)")
op.execute("CREATE FUNCTION example_total(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1'")
""",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute(
    "CREATE OR REPLACE FUNCTION example_total(integer) RETURNS integer "
    "LANGUAGE sql AS 'SELECT $1 + 0'"
)
op.execute("CREATE FUNCTION example_total(bigint) RETURNS bigint LANGUAGE sql AS 'SELECT $1'")
op.execute("CREATE PROCEDURE example_reset() LANGUAGE sql AS 'SELECT 1'")
""",
            downgrade="""
op.execute("DROP PROCEDURE example_reset()")
op.execute("DROP FUNCTION example_total(bigint)")
op.execute(
    "CREATE OR REPLACE FUNCTION example_total(integer) RETURNS integer "
    "LANGUAGE sql AS 'SELECT $1'"
)
""",
        ),
        RevisionExample(
            upgrade='op.execute("DROP FUNCTION example_total(integer)")',
            downgrade="""
op.execute("CREATE FUNCTION example_total(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1'")
""",
            declarations="""
acknowledged = [
    {
        "rule": "drop-function",
        "table": "example_total(integer)",
        "deprecated_in": "0.1",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
