"""`instead-rule`: an existing table gets a rewrite rule that runs `DO INSTEAD` of what a
statement says (`CREATE RULE ... DO INSTEAD NOTHING`, or another statement).

The release still serving keeps sending its INSERT, UPDATE, DELETE or SELECT, and the
rule quietly does something else: no error, and rows not written, not changed, or
written elsewhere. A `DO ALSO` rule (the statement still runs), or a rule on a view,
which makes it writable, passes.
"""

from collections.abc import Iterator

from ._catalog import TABLES, CatalogChange, CatalogObject, Upgrade, bare
from ._rule import Acknowledge, RevisionExample, Rule


def instead_rules(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """A rule that runs INSTEAD, on a table that existed before, that did not run so."""
    before, _ = upgrade.sides
    for key, new in upgrade.after.items():
        if new.kind != "rule" or not _runs_instead(new):
            continue
        table = before.get(f"class {new.identity.table}")
        old = upgrade.before.get(key)
        if table is None or table.kind not in TABLES:
            continue  # a new table's, or a view's
        if old is None or not _runs_instead(old):  # new, or enabled, or made INSTEAD
            message = f"makes rule {bare(new.name)} run instead of statements on {table.name}"
            yield upgrade.finding(RULE.id, new, message)


def _runs_instead(rule: CatalogObject) -> bool:
    """An INSTEAD rule that fires on the primary (the snapshot ends a rule's definition
    with `disabled` or `enabled on replicas` when it does not)."""
    definition = rule.definition
    return " DO INSTEAD " in definition and not definition.endswith(
        ("disabled", "enabled on replicas")
    )


RULE = Rule(
    id="instead-rule",
    summary="an existing table gets a rule that runs instead of its statements",
    hint="change what the code writes, not what its statements do; or acknowledge",
    # the catalog only: the gate cannot tell a table (refused) from a view (passes)
    seen=frozenset({"catalog"}),
    catalog=instead_rules,
    acknowledge=Acknowledge("column"),
    refused=(
        RevisionExample(
            upgrade="""
op.execute("CREATE RULE example_keep AS ON DELETE TO example DO INSTEAD NOTHING")
""",
            downgrade='op.execute("DROP RULE example_keep ON example")',
        ),
    ),
    passing=(
        RevisionExample(  # an audit trail: the statement still runs
            upgrade="""
op.execute("CREATE TABLE example_deleted (id bigint)")
op.execute(
    "CREATE RULE example_deleted AS ON DELETE TO example "
    "DO ALSO INSERT INTO example_deleted VALUES (OLD.id)"
)
""",
            downgrade="""
op.execute("DROP RULE example_deleted ON example")
op.execute("DROP TABLE example_deleted")
""",
            declarations="""
several_tables_because = "the audit trail is written by the rule on example"
""",
        ),
        RevisionExample(  # a view made writable
            upgrade="""
op.execute(
    "CREATE RULE example_view_insert AS ON INSERT TO example_view "
    "DO INSTEAD INSERT INTO example (id, name) VALUES (NEW.id, NEW.name)"
)
""",
            downgrade='op.execute("DROP RULE example_view_insert ON example_view")',
        ),
        RevisionExample(
            upgrade="""
op.execute("CREATE RULE example_keep AS ON DELETE TO example DO INSTEAD NOTHING")
""",
            downgrade='op.execute("DROP RULE example_keep ON example")',
            declarations="""
acknowledged = [
    {
        "rule": "instead-rule",
        "table": "example",
        "column": "example_keep",
        "why": "reviewed: rows are never deleted since 0.3; soft deletes instead",
    },
]
""",
        ),
    ),
)
