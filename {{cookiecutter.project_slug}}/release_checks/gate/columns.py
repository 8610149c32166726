"""What the history left each column before each revision, read from the SQL every
earlier revision rendered offline: whether it is NOT NULL, and whether anything fills it
when an insert leaves it out. So `alter_column(..., nullable=False)` on a column NOT NULL
already (without `existing_nullable`) does not make it so, and `server_default=None` on
one that never had a default drops nothing.

Only what the SQL says plainly is known: a column as `CREATE TABLE` or `ADD COLUMN` made
it, and not altered since (`SET`/`DROP NOT NULL`, its default or identity: changes the
rules judge themselves), through drops and renames. SQL the gate cannot read (a DO block,
a parse error), code that only runs online and changes more than data, or a revision that
fails offline forgets everything known; a history that is not one line knows nothing.
What is not known stays refused, and the walk judges what the database holds.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import pglast
from pglast import ast
from pglast.enums import AlterTableType, ConstrType, ObjectType

from {{ cookiecutter.project_slug }}.db.schema_changes import qualified

from ..rules._sql import last_name, relation_name
from .online import OnlineCode
from .recording import Recording
from .revisions import Revision


@dataclass(frozen=True)
class Column:
    not_null: bool
    filled: bool  # a default, an identity or a generated value fills it


Columns = dict[str, dict[str, Column]]  # table -> column name -> what it is


@dataclass(frozen=True)
class Known:
    """The (table, column) pairs the history left NOT NULL, and those it left with
    nothing to fill them, of the columns it can tell."""

    not_null: frozenset[tuple[str, str]] = frozenset()
    unfilled: frozenset[tuple[str, str]] = frozenset()


def known_columns(
    revisions: list[Revision],
    recordings: dict[Revision, Recording],
    online_code: dict[Revision, OnlineCode],
) -> dict[Revision, Known]:
    """For each revision of the line, what is known before its upgrade; `online_code`:
    what each runs only online (read_online)."""
    known: dict[Revision, Known] = {}
    tables: Columns = {}
    for revision in _in_order(revisions):
        pairs = [(t, c, column) for t, columns in tables.items() for c, column in columns.items()]
        known[revision] = Known(
            frozenset((t, c) for t, c, column in pairs if column.not_null),
            frozenset((t, c) for t, c, column in pairs if not column.filled),
        )
        upgrade = recordings[revision].upgrade
        online = online_code[revision]  # it may run: only its changes to data are known
        if (
            upgrade.failure is not None
            or upgrade.unwritten
            or online.steps
            or not all(_data_only(statement.sql) for statement in online.statements)
        ):
            tables.clear()  # what it does is not all in its SQL
            continue
        for statement in upgrade.statements:
            _apply(statement.sql, tables)
    return known


def _in_order(revisions: list[Revision]) -> list[Revision]:
    """The revisions from base to head, or none when they are not one line."""
    children: dict[object, list[Revision]] = {}
    for revision in revisions:
        children.setdefault(revision.script.down_revision, []).append(revision)
    order: list[Revision] = []
    parent: object = None
    while len(below := children.get(parent, [])) == 1:
        order.append(below[0])
        parent = below[0].id
    return order if len(order) == len(revisions) else []


def _data_only(sql: str) -> bool:
    try:
        nodes = [raw.stmt for raw in pglast.parse_sql(sql)]
    except pglast.parser.ParseError:
        return False
    return all(isinstance(node, _DATA) for node in nodes)


_DATA = (ast.SelectStmt, ast.InsertStmt, ast.UpdateStmt, ast.DeleteStmt)


def _apply(sql: str, tables: Columns) -> None:
    try:
        nodes = [raw.stmt for raw in pglast.parse_sql(sql) if raw.stmt is not None]
    except pglast.parser.ParseError:
        tables.clear()
        return
    for node in nodes:
        if isinstance(node, ast.DoStmt):
            tables.clear()
        elif isinstance(node, ast.CreateStmt) and node.tableElts is not None:
            tables[relation_name(node.relation)] = _created(node.tableElts)
        elif isinstance(node, ast.DropStmt) and node.removeType == ObjectType.OBJECT_TABLE:
            for names in node.objects or ():
                tables.pop(last_name(names), None)
        elif isinstance(node, ast.RenameStmt) and node.renameType in (
            ObjectType.OBJECT_TABLE,
            ObjectType.OBJECT_COLUMN,
        ):
            _rename(node, tables)
        elif isinstance(node, ast.AlterTableStmt):
            columns = tables.setdefault(relation_name(node.relation), {})
            for command in node.cmds or ():
                _alter(command, columns)


def _created(elements: Iterable[ast.Node]) -> dict[str, Column]:
    columns = {
        str(element.colname): _column(element)
        for element in elements
        if isinstance(element, ast.ColumnDef)
    }
    for element in elements:  # a table's PRIMARY KEY (a, b) makes its columns NOT NULL
        if isinstance(element, ast.Constraint) and element.contype == ConstrType.CONSTR_PRIMARY:
            for name in element.keys or ():
                if (column := columns.get(str(name.sval))) is not None:
                    columns[str(name.sval)] = Column(True, column.filled)
    return columns


def _column(column: ast.ColumnDef) -> Column:
    kinds = {constraint.contype for constraint in column.constraints or ()}
    type_name = last_name(column.typeName.names) if column.typeName is not None else ""
    return Column(
        bool(kinds & {ConstrType.CONSTR_NOTNULL, ConstrType.CONSTR_PRIMARY}),
        bool(kinds & _FILLS) or type_name.lower() in _SERIALS,
    )


_FILLS = {ConstrType.CONSTR_DEFAULT, ConstrType.CONSTR_IDENTITY, ConstrType.CONSTR_GENERATED}
_SERIALS = {"serial", "bigserial", "smallserial", "serial2", "serial4", "serial8"}


def _alter(command: ast.Node, columns: dict[str, Column]) -> None:
    if not isinstance(command, ast.AlterTableCmd):
        return
    name = str(command.name)
    if command.subtype == AlterTableType.AT_AddColumn and isinstance(command.def_, ast.ColumnDef):
        columns[str(command.def_.colname)] = _column(command.def_)
    elif command.subtype in _FORGETS:
        columns.pop(name, None)


_FORGETS = (
    AlterTableType.AT_SetNotNull,
    AlterTableType.AT_DropNotNull,
    AlterTableType.AT_ColumnDefault,
    AlterTableType.AT_AddIdentity,
    AlterTableType.AT_SetIdentity,
    AlterTableType.AT_DropIdentity,
    AlterTableType.AT_DropExpression,
    AlterTableType.AT_DropColumn,
)


def _rename(node: ast.RenameStmt, tables: Columns) -> None:
    table = relation_name(node.relation)
    if node.renameType == ObjectType.OBJECT_TABLE:
        if table in tables and node.relation is not None:
            tables[qualified(node.relation.schemaname, str(node.newname))] = tables.pop(table)
    elif (columns := tables.get(table)) is not None and node.subname in columns:
        columns[str(node.newname)] = columns.pop(str(node.subname))
