"""`row-security`: row-level security hides a table's rows it did not hide: turned on
(or forced) with no permissive policy, or its last permissive policy dropped.

Every role but the owner (forced: the owner too) reads nothing and writes nothing.
Turned on with a policy that lets rows through, it passes.
"""

import re
from collections.abc import Iterator

from ._catalog import TABLES, CatalogChange, Side, Upgrade
from ._rule import Acknowledge, RevisionExample, Rule


def rows_hidden(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """A table whose rows row-level security now hides: turned on or forced with no
    permissive policy, or its last permissive policy dropped. (What a policy's own
    expression lets through is stricter-policy's.)"""
    before, after = upgrade.sides
    tables = {
        thing.identity.table
        for changed in (upgrade.before, upgrade.after)
        for thing in changed.values()
        if thing.kind in (*TABLES, "policy") and thing.identity.table is not None
    }
    for table in sorted(tables):
        old = before.get(f"class {table}")
        if old is None or after.get(f"class {table}") is None:
            continue
        was, becomes = _hidden(before, table), _hidden(after, table)
        if becomes > was:
            who = "every role" if becomes == 2 else "every role but its owner"
            message = f"hides every row of {old.name} from {who}: no permissive policy"
            yield upgrade.finding("row-security", old, message)


def _hidden(side: Side, table: int) -> int:
    """How far row-level security hides the rows of `table`: 0 not at all, 1 from every
    role but the owner (no permissive policy lets a row through), 2 from the owner too
    (forced)."""
    thing = side.get(f"class {table}")
    if thing is None or not re.search(r"(?<!forced )row level security", thing.definition):
        return 0
    for key, identity in side.snapshot.identities.items():
        permissive = side.snapshot.objects.get(key, "").startswith("permissive")
        if key[0] == "policy" and identity.table == table and permissive:
            return 0
    return 2 if "forced row level security" in thing.definition else 1


RULE = Rule(
    id="row-security",
    summary="row-level security now hides every row of a table",
    hint="create a permissive policy in the same revision that turns it on",
    seen=frozenset({"catalog"}),
    catalog=rows_hidden,
    acknowledge=Acknowledge("table"),
    refused=(
        RevisionExample(
            upgrade='op.execute("ALTER TABLE example ENABLE ROW LEVEL SECURITY")',
            downgrade='op.execute("ALTER TABLE example DISABLE ROW LEVEL SECURITY")',
        ),
        RevisionExample(
            upgrade="""
op.execute("ALTER TABLE example ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY")
op.execute("CREATE POLICY example_none ON example AS RESTRICTIVE USING (true)")
""",
            downgrade="""
op.execute("DROP POLICY example_none ON example")
op.execute("ALTER TABLE example DISABLE ROW LEVEL SECURITY, NO FORCE ROW LEVEL SECURITY")
""",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute("CREATE POLICY example_all ON example USING (true)")
op.execute("ALTER TABLE example ENABLE ROW LEVEL SECURITY")
""",
            downgrade="""
op.execute("ALTER TABLE example DISABLE ROW LEVEL SECURITY")
op.execute("DROP POLICY example_all ON example")
""",
        ),
        RevisionExample(
            upgrade='op.execute("ALTER TABLE example ENABLE ROW LEVEL SECURITY")',
            downgrade='op.execute("ALTER TABLE example DISABLE ROW LEVEL SECURITY")',
            declarations="""
acknowledged = [
    {
        "rule": "row-security",
        "table": "example",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
