"""`narrow-sequence`: a sequence's range is narrowed: a lower MAXVALUE, a higher MINVALUE,
a smaller type.

Old releases and other services store its values in columns as wide as they were, and
run out sooner. A wider range passes.
"""

from collections.abc import Iterator

from ._catalog import CatalogChange, CatalogObject, Upgrade
from ._rule import Acknowledge, RevisionExample, Rule


def narrowed_sequences(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """A sequence still there whose range is narrower. (A column's new type narrows its
    identity's sequence too: type-change says it.)"""
    for key, old in upgrade.before.items():
        new = upgrade.after.get(key)
        if old.kind != "sequence" or new is None:
            continue
        (low, high), (now_low, now_high) = _bounds(old), _bounds(new)
        owned = " owned by " in old.definition
        if (now_low > low or now_high < high) and not (owned and upgrade.retyped):
            message = f"narrows sequence {old.name} from {low}..{high} to {now_low}..{now_high}"
            yield upgrade.finding("narrow-sequence", old, message)


def _bounds(sequence: CatalogObject) -> tuple[int, int]:
    """A sequence's min and max (its definition reads "bigint start 1 increment 1 min 1
    max 9223372036854775807 ...")."""
    words = sequence.definition.split()
    return int(words[words.index("min") + 1]), int(words[words.index("max") + 1])


RULE = Rule(
    id="narrow-sequence",
    summary="a sequence's range is narrowed",
    hint="keep its range; add a new sequence for the narrower one",
    seen=frozenset({"catalog"}),
    catalog=narrowed_sequences,
    acknowledge=Acknowledge("table"),
    refused=(
        RevisionExample(
            upgrade='op.execute("ALTER SEQUENCE example_counter MAXVALUE 1000")',
            downgrade='op.execute("ALTER SEQUENCE example_counter NO MAXVALUE")',
        ),
        RevisionExample(
            upgrade='op.execute("ALTER SEQUENCE example_counter AS integer")',
            downgrade='op.execute("ALTER SEQUENCE example_counter AS bigint NO MAXVALUE")',
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute("ALTER SEQUENCE example_counter MINVALUE 0 CACHE 10")
op.execute("CREATE SEQUENCE example_small AS smallint MAXVALUE 100")
op.execute("ALTER SEQUENCE example_small AS integer MAXVALUE 1000000")
""",
            downgrade="""
op.execute("DROP SEQUENCE example_small")
op.execute("ALTER SEQUENCE example_counter MINVALUE 1 CACHE 1")
""",
        ),
        RevisionExample(
            upgrade='op.execute("ALTER SEQUENCE example_counter MAXVALUE 1000")',
            downgrade='op.execute("ALTER SEQUENCE example_counter NO MAXVALUE")',
            declarations="""
acknowledged = [
    {
        "rule": "narrow-sequence",
        "table": "example_counter",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
