"""Which columns the history has left NOT NULL before each revision, read from the SQL
every earlier revision rendered offline: so that `alter_column(..., nullable=False)` on a
column NOT NULL already (written without `existing_nullable`) is not said to make it so.

Only what the SQL says plainly is known: a column made NOT NULL by `CREATE TABLE` or
`ADD COLUMN` and not altered since (`SET`/`DROP NOT NULL`: a change the rules judge
themselves), through drops and renames. SQL the gate cannot read (a DO block, a parse
error), code that only runs online and changes more than data, or a revision that fails
offline forgets everything known; a history that is not one line knows nothing. What is
not known stays refused, and the walk judges what the database holds.
"""

from collections.abc import Iterable

import pglast
from pglast import ast
from pglast.enums import AlterTableType, ConstrType, ObjectType

from {{ cookiecutter.project_slug }}.db.schema_changes import qualified

from ..rules._sql import last_name, relation_name
from .online import OnlineCode
from .recording import Recording
from .revisions import Revision

Columns = dict[str, dict[str, bool]]  # table -> column -> NOT NULL


def known_not_null(
    revisions: list[Revision],
    recordings: dict[Revision, Recording],
    online_code: dict[Revision, OnlineCode],
) -> dict[Revision, frozenset[tuple[str, str]]]:
    """For each revision of the line, the (table, column) NOT NULL before its upgrade;
    `online_code`: what each runs only online (read_online)."""
    known: dict[Revision, frozenset[tuple[str, str]]] = {}
    tables: Columns = {}
    for revision in _in_order(revisions):
        known[revision] = frozenset(
            (table, column)
            for table, columns in tables.items()
            for column, required in columns.items()
            if required
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


def _created(elements: Iterable[ast.Node]) -> dict[str, bool]:
    columns = {
        str(element.colname): _required(element)
        for element in elements
        if isinstance(element, ast.ColumnDef)
    }
    for element in elements:  # a table's PRIMARY KEY (a, b) makes its columns NOT NULL
        if isinstance(element, ast.Constraint) and element.contype == ConstrType.CONSTR_PRIMARY:
            columns.update((str(name.sval), True) for name in element.keys or ())
    return columns


def _required(column: ast.ColumnDef) -> bool:
    kinds = {constraint.contype for constraint in column.constraints or ()}
    return bool(kinds & {ConstrType.CONSTR_NOTNULL, ConstrType.CONSTR_PRIMARY})


def _alter(command: ast.Node, columns: dict[str, bool]) -> None:
    if not isinstance(command, ast.AlterTableCmd):
        return
    name = str(command.name)
    if command.subtype == AlterTableType.AT_AddColumn and isinstance(command.def_, ast.ColumnDef):
        columns[str(command.def_.colname)] = _required(command.def_)
    elif command.subtype in _FORGETS:
        columns.pop(name, None)


_FORGETS = (
    AlterTableType.AT_SetNotNull,
    AlterTableType.AT_DropNotNull,
    AlterTableType.AT_DropColumn,
)


def _rename(node: ast.RenameStmt, tables: Columns) -> None:
    table = relation_name(node.relation)
    if node.renameType == ObjectType.OBJECT_TABLE:
        if table in tables and node.relation is not None:
            tables[qualified(node.relation.schemaname, str(node.newname))] = tables.pop(table)
    elif (columns := tables.get(table)) is not None and node.subname in columns:
        columns[str(node.newname)] = columns.pop(str(node.subname))
