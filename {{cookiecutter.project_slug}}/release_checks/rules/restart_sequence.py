"""`restart-sequence`: an existing sequence, or a column's identity, is restarted
(`ALTER SEQUENCE ... RESTART`, `ALTER TABLE ... ALTER COLUMN ... RESTART`).

It hands out again the values the rows already hold: every insert of the release still
serving (and of this one) fails on the primary key until the sequence is past them. The
walk's tables are empty, so only the gate can see it. A sequence given a higher value
with `setval(...)` (after a bulk load, say) passes.
"""

from collections.abc import Iterator

from pglast import ast
from pglast.enums import AlterTableType

from ._rule import Acknowledge, Change, RevisionExample, Rule
from ._sql import altered, relation_name


def in_sql(node: ast.Node, created: set[str]) -> Iterator[Change]:
    if isinstance(node, ast.AlterSeqStmt) and _restarts(node.options):
        sequence = relation_name(node.sequence)
        yield Change(RULE.id, sequence, None, f"restarts sequence {sequence}")
    for table, command in altered(node, created):
        if command.subtype == AlterTableType.AT_SetIdentity and _restarts(command.def_):
            message = f"restarts the identity of {table}.{command.name}"
            yield Change(RULE.id, table, None, message)


def _restarts(options: object) -> bool:
    return any(
        isinstance(option, ast.DefElem) and option.defname == "restart"
        for option in (options if isinstance(options, tuple) else ())
    )


RULE = Rule(
    id="restart-sequence",
    summary="an existing sequence or identity is restarted",
    hint="never hand out values again; move a sequence forward with setval(); "
    "or acknowledge (the table it fills is empty)",
    seen=frozenset({"sql"}),
    sql=in_sql,
    acknowledge=Acknowledge("table"),
    refused=(
        RevisionExample(
            upgrade='op.execute("ALTER SEQUENCE example_counter RESTART")',
            downgrade="",
        ),
        RevisionExample(
            upgrade='op.execute("ALTER TABLE example ALTER COLUMN id RESTART WITH 1")',
            downgrade="",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute("SELECT setval('example_counter', 1000000)")
op.execute("ALTER SEQUENCE example_counter INCREMENT BY 1 CACHE 10")
""",
            downgrade='op.execute("ALTER SEQUENCE example_counter CACHE 1")',
        ),
        RevisionExample(
            upgrade='op.execute("ALTER SEQUENCE example_counter RESTART")',
            downgrade="",
            declarations="""
acknowledged = [
    {
        "rule": "restart-sequence",
        "table": "example_counter",
        "why": "reviewed: nothing stores its values since 0.3",
    },
]
""",
        ),
    ),
)
