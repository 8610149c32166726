"""`redefine-view`: a view is dropped and made again under its name without a column, or with a
column of another type.

Old releases and other readers select that column as it was. Made again with more
columns, or replaced with columns added at the end, it passes.
"""

from collections.abc import Iterator

from ._catalog import VIEWS, CatalogChange, Upgrade, columns_of, type_key
from ._rule import Acknowledge, RevisionExample, Rule


def narrowed_views(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """A view made again under its name without a column, or with a column of another
    type (CREATE OR REPLACE VIEW can only add columns; renaming one is rename-column)."""
    for key, old in upgrade.before.items():
        new = upgrade.made_again(old) if old.kind in VIEWS else None
        if new is None:
            continue
        has = columns_of(upgrade.sides[1], new.identity.key)
        for name, column in columns_of(upgrade.sides[0], key).items():
            now = has.get(name)
            was = column.definition.split(" NULL", 1)[0].removesuffix(" NOT")
            if now is None:
                message = f"makes {old.kind} {old.name} again without column {name}"
            elif type_key(now) != type_key(column):
                becomes = now.definition.split(" NULL", 1)[0].removesuffix(" NOT")
                message = (
                    f"makes {old.kind} {old.name} again with column {name} {becomes}, not {was}"
                )
            else:
                continue
            yield upgrade.finding("redefine-view", column, message)


RULE = Rule(
    id="redefine-view",
    summary="a view is made again without a column it had, or with a column of another type",
    hint="keep the view's columns as they are; add a new view for the new shape",
    seen=frozenset({"catalog"}),
    catalog=narrowed_views,
    acknowledge=Acknowledge("column"),
    refused=(
        RevisionExample(
            upgrade="""
op.execute("DROP VIEW example_view")
op.execute("CREATE VIEW example_view AS SELECT id FROM example")
""",
            downgrade="""
op.execute("DROP VIEW example_view")
op.execute("CREATE VIEW example_view AS SELECT id, name FROM example")
""",
        ),
        RevisionExample(
            upgrade="""
op.execute("DROP VIEW example_view")
op.execute("CREATE VIEW example_view AS SELECT id::integer AS id, name FROM example")
""",
            downgrade="""
op.execute("DROP VIEW example_view")
op.execute("CREATE VIEW example_view AS SELECT id, name FROM example")
""",
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute("CREATE OR REPLACE VIEW example_view AS SELECT id, name, note FROM example")
op.execute("CREATE VIEW example_names AS SELECT name FROM example")
""",
            downgrade="""
op.execute("DROP VIEW example_names")
op.execute("DROP VIEW example_view")
op.execute("CREATE VIEW example_view AS SELECT id, name FROM example")
""",
        ),
        RevisionExample(
            upgrade="""
op.execute("DROP VIEW example_view")
op.execute("CREATE VIEW example_view AS SELECT id, name, code FROM example WHERE id > 0")
""",
            downgrade="""
op.execute("DROP VIEW example_view")
op.execute("CREATE VIEW example_view AS SELECT id, name FROM example")
""",
        ),
        RevisionExample(
            upgrade="""
op.execute("DROP VIEW example_view")
op.execute("CREATE VIEW example_view AS SELECT id FROM example")
""",
            downgrade="""
op.execute("DROP VIEW example_view")
op.execute("CREATE VIEW example_view AS SELECT id, name FROM example")
""",
            declarations="""
acknowledged = [
    {
        "rule": "redefine-view",
        "table": "example_view",
        "column": "name",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
