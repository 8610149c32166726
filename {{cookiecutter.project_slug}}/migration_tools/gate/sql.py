"""Every statement a revision rendered, read by PostgreSQL's own parser (pglast): which
tables it changes, what it does to what existed before (as the service's
db/schema_changes.py names it, so raw SQL is judged like Alembic's operations), and what
the gate cannot read at all."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pglast
from pglast import ast
from pglast.enums import AlterTableType, ConstrType, ObjectType
from pglast.visitors import Visitor

from {{ cookiecutter.project_slug }}.db.schema_changes import Change

from .recording import Statement

# Statements whose effect no downgrade has to undo: data, settings, transactions,
# VALIDATE CONSTRAINT, statistics, rebuilt indexes and views' data, and an enum label
# (which no downgrade can remove short of recreating the type; docs/migrations.md says
# how such a revision is done).
_NO_TRACE = (
    ast.SelectStmt,
    ast.InsertStmt,
    ast.UpdateStmt,
    ast.DeleteStmt,
    ast.TruncateStmt,
    ast.CopyStmt,
    ast.VariableSetStmt,
    ast.TransactionStmt,
    ast.LockStmt,
    ast.NotifyStmt,
    ast.VacuumStmt,
    ast.ReindexStmt,
    ast.RefreshMatViewStmt,
    ast.AlterEnumStmt,
)
_SQUAWK_IGNORE = re.compile(r"squawk-ignore(?:-file)?\s+[\w\-, ]+")


@dataclass
class ReadSQL:
    changes: list[tuple[Change, int]] = field(default_factory=list)  # with its line
    tables: list[tuple[str, int]] = field(default_factory=list)  # tables changed, line
    opaque: list[tuple[str, int]] = field(default_factory=list)  # what it cannot read, line
    squawk_ignores: list[tuple[str, int]] = field(default_factory=list)
    leaves_trace: bool = False  # a statement changes the schema: a downgrade must undo it


def read(statements: list[Statement], created: set[str]) -> ReadSQL:
    result = ReadSQL()
    parsed: list[tuple[ast.Node, int]] = []
    for statement in statements:
        result.squawk_ignores += [
            (found.group(0), statement.line) for found in _SQUAWK_IGNORE.finditer(statement.sql)
        ]
        try:
            parsed += [
                (raw.stmt, statement.line)
                for raw in pglast.parse_sql(statement.sql)
                if raw.stmt is not None
            ]
        except pglast.parser.ParseError as error:
            result.opaque.append((f"SQL it cannot parse ({error})", statement.line))
    created = created | {
        _relation(node.relation) for node, _ in parsed if isinstance(node, ast.CreateStmt)
    }
    # A function the revision defines runs whatever its body says when it is called.
    defined = {
        _last_name(node.funcname) for node, _ in parsed if isinstance(node, ast.CreateFunctionStmt)
    }
    for node, line in parsed:
        if isinstance(node, ast.DoStmt):
            result.opaque.append(("a DO block", line))
        elif isinstance(node, ast.ExecuteStmt):
            result.opaque.append(("EXECUTE of a prepared statement", line))
        elif isinstance(node, ast.CallStmt):
            result.opaque.append(("CALL of a procedure", line))
        elif called := _calls(node) & defined:
            result.opaque.append((f"a call of {', '.join(sorted(called))}()", line))
        elif not isinstance(node, _NO_TRACE) and not _validates_only(node):
            result.leaves_trace = True
        result.tables += [(table, line) for table in _tables(node)]
        result.changes += [(change, line) for change in _changes(node, created)]
    return result


class _FunctionCalls(Visitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_FuncCall(self, _ancestors: object, node: ast.FuncCall) -> None:  # noqa: N802
        self.names.add(_last_name(node.funcname))


def _calls(node: ast.Node) -> set[str]:
    """The names of the functions a statement calls."""
    calls = _FunctionCalls()
    calls(node)
    return calls.names


def _validates_only(node: ast.Node) -> bool:
    return isinstance(node, ast.AlterTableStmt) and all(
        command.subtype == AlterTableType.AT_ValidateConstraint for command in node.cmds or ()
    )


def _tables(node: ast.Node) -> Iterator[str]:
    relation = getattr(node, "relation", None)
    if isinstance(relation, ast.RangeVar) and not isinstance(node, ast.SelectStmt):
        yield _relation(relation)
    if isinstance(node, ast.DropStmt) and node.removeType == ObjectType.OBJECT_TABLE:
        yield from (_last_name(names) for names in node.objects or ())
    if isinstance(node, ast.CommentStmt) and node.objtype == ObjectType.OBJECT_TABLE:
        yield _last_name(node.object)


def _relation(relation: ast.RangeVar | None) -> str:
    return str(relation.relname) if relation is not None else ""


def _last_name(names: object) -> str:
    items = names if isinstance(names, tuple | list) else (names,)
    last = items[-1]
    return str(getattr(last, "sval", last))


def _changes(node: ast.Node, created: set[str]) -> Iterator[Change]:
    if isinstance(node, ast.RenameStmt) and node.relation is not None:
        table = _relation(node.relation)
        if node.renameType == ObjectType.OBJECT_TABLE:
            yield Change("rename-table", table, None, f"renames table {table} to {node.newname}")
        elif node.renameType == ObjectType.OBJECT_COLUMN:
            name = f"{table}.{node.subname}"
            message = f"renames column {name} to {node.newname}"
            yield Change("rename-column", table, node.subname, message)
    elif isinstance(node, ast.DropStmt) and node.removeType == ObjectType.OBJECT_TABLE:
        for names in node.objects or ():
            table = _last_name(names)
            if table not in created:
                yield Change("drop-table", table, None, f"drops table {table}")
    elif isinstance(node, ast.AlterTableStmt) and _relation(node.relation) not in created:
        yield from _altered(_relation(node.relation), node.cmds or ())


def _altered(table: str, commands: tuple[ast.AlterTableCmd, ...]) -> Iterator[Change]:
    for command in commands:
        name = f"{table}.{command.name}"
        match command.subtype:
            case AlterTableType.AT_DropColumn:
                yield Change("drop-column", table, command.name, f"drops column {name}")
            case AlterTableType.AT_AlterColumnType:
                message = f"changes the type of {name}"
                yield Change("type-change", table, command.name, message)
            case AlterTableType.AT_SetNotNull:
                message = f"makes existing column {name} NOT NULL"
                yield Change("set-not-null", table, command.name, message)
            case AlterTableType.AT_AddColumn if isinstance(command.def_, ast.ColumnDef):
                column = command.def_
                kinds = {constraint.contype for constraint in column.constraints or ()}
                filled = {
                    ConstrType.CONSTR_DEFAULT,
                    ConstrType.CONSTR_IDENTITY,
                    ConstrType.CONSTR_GENERATED,
                }
                if ConstrType.CONSTR_NOTNULL in kinds and not kinds & filled:
                    message = f"adds NOT NULL column {table}.{column.colname} with no default"
                    yield Change("not-null-without-default", table, column.colname, message)
