"""`rename-sequence`: a sequence is renamed.

Old releases and other services name it (`nextval('...')`); a rename breaks them
when it commits.
"""

from collections.abc import Iterator

from ._catalog import CatalogChange, Upgrade, bare
from ._rule import RevisionExample, Rule


def renamed_sequences(upgrade: Upgrade) -> Iterator[CatalogChange]:
    for key, old in upgrade.before.items():
        new = upgrade.after.get(key)
        if old.kind != "sequence" or new is None or new.name == old.name:
            continue
        # a sequence a column owns moves only with its table, which rename-table says
        if bare(new.name) != bare(old.name) or " owned by " not in new.definition:
            message = f"renames sequence {old.name} to {new.name}"
            yield upgrade.finding("rename-sequence", old, message)


RULE = Rule(
    id="rename-sequence",
    summary="a sequence is renamed",
    hint="never rename it: add a new one",
    seen=frozenset({"catalog"}),
    catalog=renamed_sequences,
    refused=(
        RevisionExample(
            upgrade='op.execute("ALTER SEQUENCE example_counter RENAME TO example_tally")',
            downgrade='op.execute("ALTER SEQUENCE example_tally RENAME TO example_counter")',
        ),
    ),
)
