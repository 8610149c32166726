"""`rename-schema`: a schema is renamed.

Old releases and other services name what is in it through it (each rename of what
is in it is this one finding); a rename breaks them when it commits.
"""

from collections.abc import Iterator

from ._catalog import CatalogChange, Upgrade
from ._rule import RevisionExample, Rule


def renamed_schemas(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """A schema still there under another name (the walk says no more of the renames of
    what is in it: one change, one finding)."""
    for key, old in upgrade.before.items():
        new = upgrade.after.get(key)
        if old.kind == "schema" and new is not None and new.name != old.name:
            message = f"renames schema {old.name} to {new.name}"
            yield upgrade.finding("rename-schema", old, message)


RULE = Rule(
    id="rename-schema",
    summary="a schema is renamed",
    hint="never rename it: add a new one",
    seen=frozenset({"catalog"}),
    catalog=renamed_schemas,
    refused=(
        RevisionExample(
            upgrade='op.execute("ALTER SCHEMA example_extra RENAME TO example_more")',
            downgrade='op.execute("ALTER SCHEMA example_more RENAME TO example_extra")',
        ),
    ),
)
