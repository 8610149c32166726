"""What a PL/pgSQL body (a DO block, a function the revision defines) runs: every SQL
statement in every branch, whether or not that branch runs on the walk's empty test
database, each with the branch it sits in, read by PostgreSQL's own PL/pgSQL parser
(pglast). A statement EXECUTE builds from literals (`'...' || '...'`, concat(),
`format('...', ...)`) is rebuilt, what is known only at run time standing in as a name.
"""

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pglast
from pglast import ast
from pglast.stream import RawStream

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
_STATEMENT, _ASSIGNMENTS = 0, {3, 4, 5}
# `CASE x WHEN 1, 2` is parsed as `WHEN "__Case__Variable_N__" IN (1, 2)`
_CASE_VARIABLE = re.compile(r'^"__Case__Variable_\d+__" IN \((.*)\)$', re.DOTALL)
# format()'s placeholders: %%, or %[position$][-][width]type
_PLACEHOLDER = re.compile(r"%(?:%|(\d+\$)?-?(\d+|\*)?([sIL]))")
STAND_IN = "gate_unknown_"  # what a name known only at run time becomes


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
        yield from _walk(tree, [])


def do_block_function(body: str) -> str:
    """A DO block's body as the function PostgreSQL compiles it into."""
    quoted = "'" + body.replace("'", "''") + "'"
    return f"CREATE FUNCTION do_block() RETURNS void LANGUAGE plpgsql AS {quoted}"


def _walk(node: Any, where: list[str]) -> Iterator[Embedded | Unread]:
    if isinstance(node, list):
        for item in node:
            yield from _walk(item, where)
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
                yield _built(value, where)
            else:
                yield from _walk(value, [*where, *_branch(kind, name, fields)])


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
    query = str((expression or {}).get("PLpgSQL_expr", {}).get("query", ""))
    text = " ".join(_CASE_VARIABLE.sub(r"\1", query).split())
    return text if len(text) <= 60 else f"{text[:57]}..."


def _built(expression: Any, where: list[str]) -> Embedded | Unread:
    """The statement an EXECUTE runs, rebuilt when it is made of literals."""
    source = str(expression.get("PLpgSQL_expr", {}).get("query", ""))
    what = f"EXECUTE of a statement built at run time ({' '.join(source.split())})"
    try:
        target = pglast.parse_sql(f"SELECT {source}")[0].stmt
    except pglast.parser.ParseError:
        return Unread(what, where)
    assert isinstance(target, ast.SelectStmt)  # noqa: S101 (what SELECT parses to)
    builder = _Builder()
    pieces = builder.pieces(target.targetList[0].val) if target.targetList else []
    if not any(piece.strip() for piece in pieces if piece not in builder.unknown):
        return Unread(what, where)  # nothing of it is known
    return Embedded("".join(pieces), where, builder.unknown, executed=True)


class _Builder:
    """Rebuilds the text of an expression made of string literals, `||` and format(),
    as pieces; what is known only at run time becomes a stand-in name, the same one for
    the same expression everywhere (so that a table EXECUTE creates as `%I` of `name` is the
    one a later EXECUTE drops as `%I` of `name`)."""

    def __init__(self) -> None:
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
            return _literal(known) if known is not None else f"'{self._stand_in(argument)}'"
        if known is None:
            return self._stand_in(argument)
        return _identifier(known) if kind == "I" else known

    def _stand_in(self, node: ast.Node) -> str:
        text = RawStream()(node)
        stand_in = f"{STAND_IN}{hashlib.sha256(text.encode()).hexdigest()[:12]}"
        self.unknown[stand_in] = text
        return stand_in


def _identifier(name: str) -> str:
    return name if re.fullmatch(r"[a-z_][a-z0-9_$]*", name) else '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
