"""`rename-function`: a function, procedure or aggregate is renamed (or moved to
another schema).

Old releases and other services call it by its name; a rename breaks them when it
commits.
"""

from collections.abc import Iterator

from ._catalog import FUNCTIONS, CatalogChange, Upgrade, is_trigger_function
from ._rule import RevisionExample, Rule


def renamed_functions(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """A function, procedure or aggregate still there under another name (a trigger
    function is its triggers')."""
    for key, old in upgrade.before.items():
        new = upgrade.after.get(key)
        if old.kind not in FUNCTIONS or new is None or is_trigger_function(old):
            continue
        if (name := new.name.split("(", 1)[0]) != old.name.split("(", 1)[0]:
            yield upgrade.finding(
                "rename-function", old, f"renames {old.kind} {old.name} to {name}"
            )


RULE = Rule(
    id="rename-function",
    summary="a function or procedure is renamed",
    hint="never rename it: add it under the new name, and drop the old later",
    seen=frozenset({"catalog"}),
    catalog=renamed_functions,
    refused=(
        RevisionExample(
            upgrade='op.execute("ALTER FUNCTION example_total(integer) RENAME TO example_sum")',
            downgrade='op.execute("ALTER FUNCTION example_sum(integer) RENAME TO example_total")',
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute("CREATE FUNCTION example_sum(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1'")
""",
            downgrade='op.execute("DROP FUNCTION example_sum(integer)")',
        ),
    ),
)
