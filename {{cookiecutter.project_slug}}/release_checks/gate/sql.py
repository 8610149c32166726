"""Every statement a revision rendered, read by PostgreSQL's own parser (pglast): which
tables it changes, what it does to what existed before (each rule's `sql` recogniser
says; recognise.py asks them all), and what the gate cannot read at all. The statements
of DO blocks, and of the PL/pgSQL functions the revision defines and calls, are judged the
same way, in every branch (plpgsql.py)."""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

import pglast
from pglast import ast
from pglast.enums import AlterTableType, ObjectType
from pglast.visitors import Visitor

from ..rules import Change
from ..rules._sql import last_name, relation_name
from ..rules.not_null_without_default import added_with_default_by_sql, unfilled_by_sql
from .plpgsql import STAND_IN, Unread, do_block_function, read_body
from .recognise import in_statement
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
    # a rule whose recogniser raised on a statement: (rule, what went wrong, line)
    failures: list[tuple[str, str, int]] = field(default_factory=list)
    tables: list[tuple[str, int]] = field(default_factory=list)  # tables changed, line
    opaque: list[tuple[str, int]] = field(default_factory=list)  # what it cannot read, line
    squawk_ignores: list[tuple[str, int]] = field(default_factory=list)
    # a partition -> its partitioned table, which a change to it counts as (one-table)
    partitions: dict[str, str] = field(default_factory=dict)
    leaves_trace: bool = False  # a statement changes the schema: a downgrade must undo it
    # (table, column) of each column added with nothing to fill it when an insert omits it
    unfilled: set[tuple[str, str]] = field(default_factory=set)
    # (table, column) -> NOT NULL, of each column added with a default
    added_defaulted: dict[tuple[str, str], bool] = field(default_factory=dict)


_Defined = dict[str, tuple[ast.CreateFunctionStmt, str]]  # a function and its text


@dataclass(frozen=True)
class _Inside:
    """Where a statement runs: at the top of the revision's SQL, or inside DO blocks and
    the functions the revision defines and calls, in a branch that may never run on the
    walk's database."""

    where: tuple[str, ...] = ()
    unknown: Mapping[str, str] = field(default_factory=dict)  # stand-in -> what it stands for
    functions: frozenset[str] = frozenset()  # being read, so that recursion ends

    def enter(self, *where: str, unknown: Mapping[str, str] | None = None) -> "_Inside":
        return replace(
            self, where=(*self.where, *where), unknown={**self.unknown, **(unknown or {})}
        )

    def unseen(self, what: str) -> str:
        if not self.where:
            return f"{what}: the gate cannot read it"
        return self._spelled(
            f"{what} ({', '.join(self.where)}): the gate cannot read it, and the walk judges "
            "only the branch that runs on its database"
        )

    def told(self, change: Change) -> Change:
        """`change` saying where it was found, and what in it is known only when it runs."""
        if not self.where:
            return change
        message = f"{change.message} ({', '.join(self.where)})"
        if unknown := [f"<{what}>" for name, what in self.unknown.items() if name in message]:
            message += f"; {', '.join(unknown)}: known only when it runs"
        column = None if change.column is None else self._spelled(change.column)
        table, message = self._spelled(change.table), self._spelled(message)
        return replace(change, table=table, column=column, message=message)

    def _spelled(self, text: str) -> str:
        """`text` with each stand-in replaced by `<what it stands for>`."""
        for name in self.unknown:
            text = text.replace(name, f"<{self.unknown[name]}>")
        return text


def read(statements: list[Statement], created: set[str]) -> ReadSQL:
    result = ReadSQL()
    parsed: list[tuple[ast.Node, int, str]] = []  # each statement, its line and its text
    for statement in statements:
        result.squawk_ignores += [
            (found.group(0), statement.line) for found in _SQUAWK_IGNORE.finditer(statement.sql)
        ]
        try:
            parsed += [
                (raw.stmt, statement.line, _text(statement.sql, raw))
                for raw in pglast.parse_sql(statement.sql)
                if raw.stmt is not None
            ]
        except pglast.parser.ParseError as error:
            result.opaque.append(
                (f"SQL it cannot parse ({error}): the gate cannot read it", statement.line)
            )
    # A function the revision defines runs whatever its body says when it is called.
    defined: _Defined = {
        last_name(node.funcname): (node, text)
        for node, _, text in parsed
        if isinstance(node, ast.CreateFunctionStmt)
    }
    runs = [
        run
        for node, line, _ in parsed
        for run in _runs(node, line, _Inside(), defined, result.opaque)
    ]
    new = [relation for node, _, _ in runs if (relation := _created(node)) is not None]
    created = created | {relation_name(relation) for relation in new}
    # A scratch table leaves nothing behind: a temporary one, or one the revision drops.
    scratch = {relation_name(relation) for relation in new if relation.relpersistence == "t"}
    scratch |= created & {
        table for node, _, _ in runs if isinstance(node, ast.DropStmt) for table in _tables(node)
    }
    for node, line, inside in runs:
        named = dict.fromkeys(_tables(node))  # in order, once each
        if isinstance(node, ast.ExecuteStmt):
            result.opaque.append((inside.unseen("EXECUTE of a prepared statement"), line))
        elif not (isinstance(node, _NO_TRACE) or _validates_only(node) or _restarts_only(node)):
            result.leaves_trace |= not named or not named.keys() <= scratch
        # A table known only when it runs may be the revision's one table: not counted.
        result.tables += [
            (table, line) for table in named if table not in scratch and STAND_IN not in table
        ]
        recognised = in_statement(node, created)
        result.changes += [(inside.told(change), line) for change in recognised.changes]
        result.unfilled |= {
            (found.table, found.column)
            for found in unfilled_by_sql(node, created)
            if not found.user_defined
        }
        result.added_defaulted |= {
            (table, column): required
            for table, column, required in added_with_default_by_sql(node, created)
        }
        result.failures += [(rule, message, line) for rule, message in recognised.failures]
        result.partitions.update(_partitions(node))
    return result


def _partitions(node: ast.Node) -> Iterator[tuple[str, str]]:
    """The partitions a statement makes (`CREATE TABLE ... PARTITION OF`, `ATTACH
    PARTITION`) or detaches, each with its partitioned table."""
    if isinstance(node, ast.CreateStmt) and node.partbound is not None:
        for parent in node.inhRelations or ():
            yield relation_name(node.relation), relation_name(parent)
    if isinstance(node, ast.AlterTableStmt):
        for command in node.cmds or ():
            if command.subtype in (
                AlterTableType.AT_AttachPartition,
                AlterTableType.AT_DetachPartition,
            ) and isinstance(command.def_, ast.PartitionCmd):
                yield relation_name(command.def_.name), relation_name(node.relation)


def _runs(
    node: ast.Node,
    line: int,
    inside: _Inside,
    defined: _Defined,
    opaque: list[tuple[str, int]],
) -> Iterator[tuple[ast.Node, int, _Inside]]:
    """The statements `node` runs: itself, or those of the DO block or of the functions
    it calls, every branch of them."""
    if isinstance(node, ast.DoStmt):
        options = {option.defname: option.arg for option in node.args or ()}
        language = str(getattr(options.get("language"), "sval", "plpgsql"))
        if language.lower() != "plpgsql":
            opaque.append((inside.unseen(f"a DO block in LANGUAGE {language}"), line))
            return
        body = do_block_function(str(getattr(options.get("as"), "sval", "")))
        yield from _body(body, line, inside.enter("in a DO block"), defined, opaque)
        return
    called = _calls(node) & set(defined)
    if isinstance(node, ast.CallStmt) and not called:
        opaque.append((inside.unseen("CALL of a procedure"), line))
    elif not isinstance(node, ast.CallStmt):
        yield node, line, inside
    for name in sorted(called):
        function, source = defined[name]
        if _language(function) != "plpgsql" or name in inside.functions:
            opaque.append((inside.unseen(f"a call of {name}()"), line))
            continue
        within = replace(
            inside.enter(f"in {name}(), which the revision calls"),
            functions=inside.functions | {name},
        )
        yield from _body(source, line, within, defined, opaque)


def _body(
    function: str,
    line: int,
    inside: _Inside,
    defined: _Defined,
    opaque: list[tuple[str, int]],
) -> Iterator[tuple[ast.Node, int, _Inside]]:
    """The statements a PL/pgSQL body runs, in every branch."""
    try:
        embedded = list(read_body(function))
    except pglast.parser.ParseError as error:
        opaque.append((inside.unseen(f"PL/pgSQL it cannot parse ({error})"), line))
        return
    for statement in embedded:
        within = inside.enter(*statement.where)
        if isinstance(statement, Unread):
            opaque.append((within.unseen(statement.what), line))
            continue
        if statement.executed:
            within = within.enter("by EXECUTE", unknown=statement.unknown)
        try:
            nodes = [raw.stmt for raw in pglast.parse_sql(statement.sql) if raw.stmt is not None]
        except pglast.parser.ParseError as error:
            sql = " ".join(statement.sql.split())
            what = (
                f"EXECUTE of a statement built at run time (`{sql}`)"
                if statement.executed
                else f"`{sql}`, which it cannot parse ({error})"
            )
            opaque.append((within.unseen(what), line))
            continue
        for node in nodes:
            yield from _runs(node, line, within, defined, opaque)


def _text(sql: str, raw: ast.RawStmt) -> str:
    """One statement's text, of the several `sql` may hold."""
    start = raw.stmt_location or 0
    return sql[start : start + raw.stmt_len if raw.stmt_len else None]


def _language(function: ast.CreateFunctionStmt) -> str:
    options = {option.defname: option.arg for option in function.options or ()}
    return str(getattr(options.get("language"), "sval", "sql")).lower()


class _FunctionCalls(Visitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_FuncCall(self, _ancestors: object, node: ast.FuncCall) -> None:  # noqa: N802
        self.names.add(last_name(node.funcname))


def _calls(node: ast.Node) -> set[str]:
    """The names of the functions a statement calls."""
    calls = _FunctionCalls()
    calls(node)
    return calls.names


def _restarts_only(node: ast.Node) -> bool:
    """A sequence or an identity restarted: where it stands is data, like its rows
    (restart-sequence judges it), not schema a downgrade could undo."""
    if isinstance(node, ast.AlterSeqStmt):
        return _restart(node.options)
    return isinstance(node, ast.AlterTableStmt) and all(
        command.subtype == AlterTableType.AT_SetIdentity and _restart(command.def_)
        for command in node.cmds or ()
    )


def _restart(options: object) -> bool:
    return isinstance(options, tuple) and all(
        isinstance(option, ast.DefElem) and option.defname == "restart" for option in options
    )


def _validates_only(node: ast.Node) -> bool:
    return isinstance(node, ast.AlterTableStmt) and all(
        command.subtype == AlterTableType.AT_ValidateConstraint for command in node.cmds or ()
    )


def _created(node: ast.Node) -> ast.RangeVar | None:
    """The table a statement creates."""
    if isinstance(node, ast.CreateStmt):
        return node.relation
    if isinstance(node, ast.CreateTableAsStmt) and node.objtype == ObjectType.OBJECT_TABLE:
        return node.into.rel if node.into else None
    return None


# ALTER INDEX and ALTER SEQUENCE (their RENAME too) name an index or a sequence, not its
# table, which the gate cannot tell (the walk can): they count as no table changed.
_NO_TABLE = {ObjectType.OBJECT_INDEX, ObjectType.OBJECT_SEQUENCE}


def _tables(node: ast.Node) -> Iterator[str]:
    relation = getattr(node, "relation", None)
    named = {getattr(node, "objtype", None), getattr(node, "renameType", None)}
    if (
        isinstance(relation, ast.RangeVar)
        and not isinstance(node, ast.SelectStmt)
        and not named & _NO_TABLE
    ):
        yield relation_name(relation)
    if (created := _created(node)) is not None:
        yield relation_name(created)
    if isinstance(node, ast.DropStmt) and node.removeType == ObjectType.OBJECT_TABLE:
        yield from (last_name(names) for names in node.objects or ())
    if isinstance(node, ast.CommentStmt) and node.objtype == ObjectType.OBJECT_TABLE:
        yield last_name(node.object)
