"""What the rules' recognisers, and the gate, read of a raw SQL statement as PostgreSQL's
parser reads it (pglast): a relation's or an object's name as the rules name it
(db/schema_changes.py's `qualified`), and the commands of an ALTER TABLE."""

from collections.abc import Iterator

from pglast import ast

from {{ cookiecutter.project_slug }}.db.schema_changes import qualified


def relation_name(found: ast.RangeVar | None) -> str:
    """A table named as a relation (`ALTER TABLE schema.table`)."""
    if found is None:
        return ""
    return qualified(found.schemaname, str(found.relname))


def last_name(names: object) -> str:
    """A table's name written as a list of names (`schema.table`), as the rules name it."""
    items = [
        str(getattr(item, "sval", item))
        for item in (names if isinstance(names, tuple | list) else (names,))
    ]
    return qualified(items[-2] if len(items) > 1 else None, items[-1])


def altered(node: ast.Node, created: set[str]) -> Iterator[tuple[str, ast.AlterTableCmd]]:
    """Each command of an ALTER TABLE (or ALTER INDEX, VIEW...) on a table that existed
    before the revision, with that table."""
    if (
        isinstance(node, ast.AlterTableStmt)
        and (table := relation_name(node.relation)) not in created
    ):
        for command in node.cmds or ():
            yield table, command
