"""What a PL/pgSQL body (a DO block, a function the revision defines) runs: every SQL
statement in every branch, whether or not that branch runs on the walk's empty test
database, each with the branch it sits in, read by PostgreSQL's own PL/pgSQL parser
(pglast). A statement EXECUTE builds from literals (`'...' || '...'`, concat(),
`format('...', ...)`, a variable set to such) is rebuilt, what is known only at run time
standing in as a name.
"""

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pglast
from pglast import ast
from pglast.stream import RawStream

from ..quoting import quote_ident, quote_literal

# The statements whose query is a statement built at run time.
_DYNAMIC = {
    ("PLpgSQL_stmt_dynexecute", "query"),
    ("PLpgSQL_stmt_dynfors", "query"),
    ("PLpgSQL_stmt_return_query", "dynquery"),
    ("PLpgSQL_stmt_open", "dynquery"),
}
_LOOPS = {
    "PLpgSQL_stmt_loop",
    "PLpgSQL_stmt_while",
    "PLpgSQL_stmt_fori",
    "PLpgSQL_stmt_fors",
    "PLpgSQL_stmt_forc",
    "PLpgSQL_stmt_foreach_a",
    "PLpgSQL_stmt_dynfors",
}
# A PLpgSQL_expr's parseMode: a whole statement (RAW_PARSE_DEFAULT), or `target := value`
# (RAW_PARSE_PLPGSQL_ASSIGN1..3); the others are expressions.
_STATEMENT, _ASSIGN_VARIABLE, _ASSIGNMENTS = 0, 3, {3, 4, 5}
# `CASE x WHEN 1, 2` is parsed as `WHEN "__Case__Variable_N__" IN (1, 2)`
_CASE_VARIABLE = re.compile(r'^"__Case__Variable_\d+__" IN \((.*)\)$', re.DOTALL)
# format()'s placeholders: %%, or %[position$][-][width]type
_PLACEHOLDER = re.compile(r"%(?:%|(\d+\$)?-?(\d+|\*)?([sIL]))")
STAND_IN = "gate_unknown_"  # what a name known only at run time becomes
# variable -> each expression it is set to, None for each time it is set at run time
Values = Mapping[str, list[str | None]]


@dataclass(frozen=True)
class Embedded:
    """One statement of the body: SQL, or `SELECT <expression>` for an expression."""

    sql: str
    where: list[str]  # the branches it sits in, outermost first: "under IF x", ...
    unknown: dict[str, str] = field(default_factory=dict)  # stand-in -> what it stands for
    executed: bool = False  # built by EXECUTE


@dataclass(frozen=True)
class Unread:
    what: str
    where: list[str]


def read_body(function: str) -> Iterator[Embedded | Unread]:
    """The statements of a `CREATE FUNCTION ... LANGUAGE plpgsql` (ParseError when it
    is not PL/pgSQL that PostgreSQL would accept)."""
    for tree in pglast.parse_plpgsql(function):
        yield from _walk(tree, [], _values(tree.get("PLpgSQL_function", {})))


def do_block_function(body: str) -> str:
    """A DO block's body as the function PostgreSQL compiles it into."""
    quoted = "'" + body.replace("'", "''") + "'"
    return f"CREATE FUNCTION do_block() RETURNS void LANGUAGE plpgsql AS {quoted}"


def _walk(node: Any, where: list[str], values: Values) -> Iterator[Embedded | Unread]:
    if isinstance(node, list):
        for item in node:
            yield from _walk(item, where, values)
        return
    if not isinstance(node, dict):
        return
    for kind, fields in node.items():
        if kind == "PLpgSQL_expr":
            query, mode = str(fields.get("query", "")), fields.get("parseMode")
            if mode == _STATEMENT:
                yield Embedded(query, where)
            else:  # an expression: it may call a function the revision defines
                value = query.partition(":=")[2] if mode in _ASSIGNMENTS else ""
                yield Embedded(f"SELECT {value or query}", where)
            continue
        if not isinstance(fields, dict):
            continue
        for name, value in fields.items():
            if (kind, name) in _DYNAMIC:
                yield from _built(_query(value), where, values)
            else:
                yield from _walk(value, [*where, *_branch(kind, name, fields)], values)


def _branch(kind: str, name: str, fields: dict[str, Any]) -> list[str]:
    """The branch the statements under `name` of a `kind` statement sit in."""
    match kind, name:
        case "PLpgSQL_stmt_if", "then_body":
            return [f"under IF {_text(fields.get('cond'))}"]
        case "PLpgSQL_stmt_if", "else_body":
            return [f"under the ELSE of IF {_text(fields.get('cond'))}"]
        case "PLpgSQL_if_elsif", "stmts":
            return [f"under ELSIF {_text(fields.get('cond'))}"]
        case "PLpgSQL_case_when", "stmts":
            return [f"under WHEN {_text(fields.get('expr'))}"]
        case "PLpgSQL_stmt_case", "else_stmts":
            return ["under the ELSE of a CASE"]
        case "PLpgSQL_stmt_case", "case_when_list" if "t_expr" in fields:
            return [f"in CASE {_text(fields['t_expr'])}"]
        case "PLpgSQL_exception", "action":
            return ["in an exception handler"]
        case loop, "body" if loop in _LOOPS:
            return ["in a loop"]
    return []


def _text(expression: Any) -> str:
    """An expression's text, short, for a message."""
    text = " ".join(_CASE_VARIABLE.sub(r"\1", _query(expression)).split())
    return text if len(text) <= 60 else f"{text[:57]}..."


def _query(expression: Any) -> str:
    return str((expression or {}).get("PLpgSQL_expr", {}).get("query", ""))


def _values(function: dict[str, Any]) -> Values:
    """What each variable of a function is set to: each expression assigned to it (its
    DECLARE default, `:=`), or None where it is set at run time (a parameter, INTO, a
    loop, GET DIAGNOSTICS, FETCH)."""
    datums = [datum for each in function.get("datums", []) for datum in each.items()]
    values: defaultdict[str, list[str | None]] = defaultdict(list)

    def names(target: Any) -> list[str]:
        """The variables a target (a variable, or a row of them) names."""
        if isinstance(target, int):  # a datum's number
            target = dict(datums[target : target + 1])
        fields: dict[str, Any] = next(iter(target.values()), {}) if isinstance(target, dict) else {}
        return [field["name"] for field in fields.get("fields", [])] or (
            [fields["refname"]] if "refname" in fields else []
        )

    for number, (kind, fields) in enumerate(datums):
        if kind == "PLpgSQL_var" and "default_val" in fields:
            values[fields["refname"]].append(_query(fields["default_val"]))
        elif kind == "PLpgSQL_row" or "lineno" not in fields:  # INTO's targets, parameters
            for name in names(number):
                values[name].append(None)
    for kind, fields in _every(function.get("action")):
        expression = fields.get("expr", {}).get("PLpgSQL_expr", {})
        if kind == "PLpgSQL_stmt_assign" and expression.get("parseMode") == _ASSIGN_VARIABLE:
            for name in names(fields.get("varno", 0)):
                values[name].append(expression["query"].partition(":=")[2])
        set_at_run_time = [fields.get("var"), fields.get("target")]
        if kind == "PLpgSQL_stmt_foreach_a":
            set_at_run_time.append(fields.get("varno", 0))
        for name in (name for target in set_at_run_time for name in names(target)):
            values[name].append(None)
    return values


def _every(node: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every PL/pgSQL node of a tree, as its kind and fields."""
    if isinstance(node, list):
        for item in node:
            yield from _every(item)
    elif isinstance(node, dict):
        for kind, fields in node.items():
            if isinstance(fields, dict):
                yield kind, fields
                yield from (inner for value in fields.values() for inner in _every(value))
            else:
                yield from _every(fields)


def _built(source: str, where: list[str], values: Values) -> Iterator[Embedded | Unread]:
    """The statements an EXECUTE of `source` runs: rebuilt when they are made of
    literals, and each value a variable is set to for `EXECUTE variable`."""
    what = f"EXECUTE of a statement built at run time ({' '.join(source.split())})"
    node = _expression(source)
    name = _variable(node) if isinstance(node, ast.ColumnRef) else None
    if name is not None and name in values:
        set_to = list(dict.fromkeys(values[name]))
        if None in set_to:
            yield Unread(what, where)
        for value in set_to:
            if value is not None:  # in it, the variable is one of its other values
                others = [other for other in set_to if other != value]
                yield from _built(value, where, {**values, name: others})
        return
    builder = _Builder(values)
    pieces = [] if node is None else builder.pieces(node)
    if not any(piece.strip() for piece in pieces if piece not in builder.unknown):
        yield Unread(what, where)  # nothing of it is known
    else:
        yield Embedded("".join(pieces), where, builder.unknown, executed=True)


def _expression(source: str) -> ast.Node | None:
    try:
        target = pglast.parse_sql(f"SELECT {source}")[0].stmt
    except pglast.parser.ParseError:
        return None
    assert isinstance(target, ast.SelectStmt)  # noqa: S101 (what SELECT parses to)
    return target.targetList[0].val if target.targetList else None


def _variable(node: ast.ColumnRef) -> str | None:
    match node.fields:
        case (ast.String(sval=name),):
            return str(name)
    return None


class _Builder:
    """Rebuilds the text of an expression made of string literals, `||`, concat(),
    format() and variables set once to such, as pieces; what is known only at run time
    (another expression, a variable set at run time or to several values) becomes a
    stand-in name, the same one for
    the same expression everywhere (so that a table EXECUTE creates as `%I` of `name` is the
    one a later EXECUTE drops as `%I` of `name`)."""

    def __init__(self, values: Values) -> None:
        self.values = values
        self.unknown: dict[str, str] = {}  # stand-in -> the expression

    def pieces(self, node: ast.Node) -> list[str]:
        match node:
            case ast.A_Const(isnull=False, val=ast.String(sval=text) | ast.Float(fval=text)):
                return [str(text)]
            case ast.A_Const(isnull=False, val=ast.Integer(ival=number)):
                return [str(number)]
            case ast.A_Const(isnull=True):
                return [""]  # as concat() and format() take it
            case ast.TypeCast(arg=ast.A_Const() as constant):
                return self.pieces(constant)
            case ast.ColumnRef() if (
                # a variable set once, to what can be rebuilt
                (name := _variable(node)) is not None
                and len(set_to := self.values.get(name, [])) == 1
                and set_to[0] is not None
                and (value := _expression(set_to[0])) is not None
            ):
                return self._variable_pieces(name, value)
            case ast.A_Expr(
                name=(ast.String(sval="||"),), lexpr=ast.Node() as left, rexpr=ast.Node() as right
            ):
                return self.pieces(left) + self.pieces(right)
            case ast.FuncCall(
                funcname=(*_, ast.String(sval="format")),
                args=(ast.Node() as template, *arguments),
                func_variadic=False,
            ):
                formatted = self._format(template, arguments)
                if formatted is not None:
                    return formatted
            case ast.FuncCall(
                funcname=(*_, ast.String(sval="concat")), args=tuple(arguments), func_variadic=False
            ):
                return [piece for argument in arguments for piece in self.pieces(argument)]
            case ast.FuncCall(funcname=(*_, ast.String(sval="quote_literal" | "quote_nullable"))):
                return [f"'{self._stand_in(node)}'"]
        return [self._stand_in(node)]

    def _variable_pieces(self, name: str, value: ast.Node) -> list[str]:
        values, self.values = self.values, {**self.values, name: [None]}  # `s := s || 'x'`
        try:
            return self.pieces(value)
        finally:
            self.values = values

    def known(self, node: ast.Node) -> str | None:
        """The text of `node`, when nothing in it is known only at run time."""
        pieces = self.pieces(node)
        return None if any(piece in self.unknown for piece in pieces) else "".join(pieces)

    def _format(self, template: ast.Node, arguments: list[ast.Node]) -> list[str] | None:
        text = self.known(template)
        if text is None:
            return None
        pieces, position, start = [], 0, 0
        for found in _PLACEHOLDER.finditer(text):
            pieces.append(text[start : found.start()])
            start = found.end()
            if found[0] == "%%":
                pieces.append("%")
                continue
            if found[2] == "*":
                return None  # a width taken from the arguments: not worth following
            position = int(found[1][:-1]) - 1 if found[1] else position
            if position >= len(arguments):
                return None
            pieces.append(self._placeholder(arguments[position], found[3]))
            position += 1
        return [*pieces, text[start:]]

    def _placeholder(self, argument: ast.Node, kind: str) -> str:
        known = self.known(argument)
        if kind == "L":
            return quote_literal(known) if known is not None else f"'{self._stand_in(argument)}'"
        if known is None:
            return self._stand_in(argument)
        return quote_ident(known) if kind == "I" else known

    def _stand_in(self, node: ast.Node) -> str:
        try:
            text = RawStream()(node)
        except NotImplementedError:  # a node pglast cannot print yet: named by its kind
            text = f"a {type(node).__name__}"
        stand_in = f"{STAND_IN}{hashlib.sha256(text.encode()).hexdigest()[:12]}"
        self.unknown[stand_in] = text
        return stand_in
