"""Which tables and columns one SQL statement names, read by PostgreSQL's own parser.

For `make deprecations`: a statement pg_stat_statements recorded (its constants replaced
by `$1`...) names `users.nickname` when it writes `nickname` qualified by `users`, by an
alias of `users` or by `schema.users`, quoted or not; or unqualified, in a part of the
statement whose FROM (or INSERT, UPDATE, DELETE, COPY, MERGE target) includes `users` and
no nearer part holds a table known to have a `nickname` of its own. A `*` (`SELECT *`,
`users.*`, `RETURNING *`, `COPY users` without a column list) reads every column: reported
apart, since the client may or may not read this one. What a text cannot tell: what a
view, a function or a trigger the statement calls reads, or which column a client reads
out of a `*`.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pglast
from pglast import ast

Relation = tuple[str | None, str]  # (schema or None, name) as the statement writes it
_STATEMENTS = (
    ast.SelectStmt,
    ast.InsertStmt,
    ast.UpdateStmt,
    ast.DeleteStmt,
    ast.MergeStmt,
    ast.CopyStmt,
)


def _slots(node: Any) -> tuple[str, ...]:
    """The attribute names of a parse tree node."""
    slots: tuple[str, ...] = type(node).__slots__
    return slots


@dataclass(frozen=True)
class Named:
    """What one statement names: columns by (relation, column), relations read whole
    through a `*`, and every relation it mentions."""

    columns: frozenset[tuple[Relation, str]]
    every_column: frozenset[Relation]
    relations: frozenset[Relation]
    parsed: bool = True


@dataclass
class _Level:
    """The relations one part of a statement (a SELECT, an UPDATE...) can see by name."""

    visible: dict[str, Relation | None] = field(default_factory=dict)  # None: derived

    def add(self, node: Any, ctes: set[str]) -> None:
        if isinstance(node, ast.RangeVar):
            name = node.relname or ""
            relation: Relation | None = (node.schemaname, name)
            if node.schemaname is None and name in ctes:
                relation = None  # a WITH query of that name, not the table
            self.visible[(node.alias.aliasname if node.alias else None) or name] = relation
        elif isinstance(node, ast.JoinExpr):
            self.add(node.larg, ctes)
            self.add(node.rarg, ctes)
            if node.alias and node.alias.aliasname:
                self.visible[node.alias.aliasname] = None
        elif isinstance(node, ast.RangeSubselect | ast.RangeFunction) and node.alias:
            self.visible[node.alias.aliasname or ""] = None

    @property
    def relations(self) -> list[Relation]:
        return [relation for relation in self.visible.values() if relation is not None]


class _Reader:
    def __init__(self, known: Mapping[str, set[str]]) -> None:
        self.known = known  # table -> its columns, for tables the project maps
        self.columns: set[tuple[Relation, str]] = set()
        self.every_column: set[Relation] = set()
        self.relations: set[Relation] = set()

    def statement(self, node: Any, scopes: list[_Level], ctes: set[str]) -> None:
        """A node that opens a level: a SELECT, INSERT, UPDATE, DELETE, MERGE or COPY."""
        ctes = set(ctes)
        with_clause = getattr(node, "withClause", None)
        if with_clause is not None:
            ctes |= {cte.ctename for cte in with_clause.ctes or ()}
            for cte in with_clause.ctes or ():
                self.visit(cte.ctequery, scopes, ctes)
        level = _Level()
        target = getattr(node, "relation", None)
        if isinstance(node, ast.MergeStmt):
            level.add(node.sourceRelation, ctes)
        for clause in ("fromClause", "usingClause"):
            for item in getattr(node, clause, None) or ():
                level.add(item, ctes)
        if isinstance(target, ast.RangeVar):
            level.add(target, ctes)
        self.relations.update(level.relations)
        inner = [*scopes, level]
        if isinstance(target, ast.RangeVar):
            written = (target.schemaname, target.relname or "")
            for name in self._written_columns(node):
                self.columns.add((written, name))
            if isinstance(node, ast.CopyStmt) and not node.attlist and node.query is None:
                self.every_column.add(written)
        skip = {"withClause", "relation", "cols", "attlist"}
        for name in _slots(node):
            if name not in skip:
                if isinstance(node, ast.InsertStmt) and name == "selectStmt":
                    self.visit(getattr(node, name), scopes, ctes)  # cannot see the target
                else:
                    self.visit(getattr(node, name), inner, ctes)

    def _written_columns(self, node: Any) -> Iterator[str]:
        if isinstance(node, ast.InsertStmt):
            targets = list(node.cols or ())
            if node.onConflictClause is not None:
                targets += node.onConflictClause.targetList or ()
        elif isinstance(node, ast.UpdateStmt):
            targets = list(node.targetList or ())
        elif isinstance(node, ast.CopyStmt):
            targets = [ast.ResTarget(name=item.sval) for item in node.attlist or ()]
        elif isinstance(node, ast.MergeStmt):
            targets = [t for clause in node.mergeWhenClauses or () for t in clause.targetList or ()]
        else:
            targets = []
        yield from (target.name for target in targets if target.name)

    def visit(self, node: Any, scopes: list[_Level], ctes: set[str]) -> None:
        if isinstance(node, tuple | list):
            for item in node:
                self.visit(item, scopes, ctes)
        elif isinstance(node, _STATEMENTS):
            self.statement(node, scopes, ctes)
        elif isinstance(node, ast.ColumnRef):
            self.column(node, scopes)
        elif isinstance(node, ast.RangeVar):
            if not (node.schemaname is None and node.relname in ctes):
                self.relations.add((node.schemaname, node.relname or ""))
        elif isinstance(node, ast.Node):
            for name in _slots(node):
                self.visit(getattr(node, name), scopes, ctes)

    def column(self, node: ast.ColumnRef, scopes: list[_Level]) -> None:
        fields = node.fields or ()
        star = bool(fields) and isinstance(fields[-1], ast.A_Star)
        names = [item.sval or "" for item in fields if isinstance(item, ast.String)]
        if star:
            if names:  # users.* or public.users.*
                self.every_column.update(self._qualified(names, scopes))
            elif scopes:
                self.every_column.update(scopes[-1].relations)
            return
        if not names:
            return
        *qualifier, name = names
        if qualifier:
            for relation in self._qualified(qualifier, scopes):
                self.columns.add((relation, name))
            return
        for level in reversed(scopes):  # the nearest level that has the column binds it
            relations = level.relations
            mapped = [relation for relation in relations if relation[1] in self.known]
            if any(name in self.known[relation[1]] for relation in mapped):
                for relation in mapped:
                    if name in self.known[relation[1]]:
                        self.columns.add((relation, name))
                return
            # Tables the project does not map might have it: count it for each, as the
            # one naming the column for all we know, and look no further out.
            if len(mapped) < len(relations):
                for relation in relations:
                    if relation[1] not in self.known:
                        self.columns.add((relation, name))
                return

    def _qualified(self, qualifier: list[str], scopes: list[_Level]) -> list[Relation]:
        """The relations `qualifier` (alias, table, or schema.table) may mean."""
        if len(qualifier) == 1:
            for level in reversed(scopes):
                if qualifier[0] in level.visible:
                    relation = level.visible[qualifier[0]]
                    return [relation] if relation is not None else []
            return [(None, qualifier[0])]  # not in scope: read it as the table it names
        return [(qualifier[-2], qualifier[-1])]


def read_statement(sql: str, known: Mapping[str, set[str]]) -> Named:
    """What `sql` names. `known` maps the tables the project maps to their columns, so an
    unqualified column binds to the table that has it. Text the parser cannot read is
    matched word for word instead (`parsed=False`)."""
    try:
        statements = pglast.parse_sql(sql)
    except pglast.parser.ParseError:
        words = set(_words(sql))
        relations = frozenset((None, word) for word in words)
        columns = frozenset(((None, table), word) for table in words for word in words)
        return Named(columns, frozenset(), relations, parsed=False)
    reader = _Reader(known)
    for raw in statements:
        reader.visit(raw.stmt, [], set())
    return Named(
        frozenset(reader.columns), frozenset(reader.every_column), frozenset(reader.relations)
    )


def _words(sql: str) -> Iterator[str]:
    """The identifiers of `sql` as PostgreSQL folds them: "Quoted" kept, bare lower-cased."""
    word = ""
    index = 0
    while index < len(sql):
        char = sql[index]
        if char == '"':
            end = sql.find('"', index + 1)
            while end != -1 and sql[end + 1 : end + 2] == '"':
                end = sql.find('"', end + 2)
            end = len(sql) if end == -1 else end
            yield sql[index + 1 : end].replace('""', '"')
            index = end + 1
            continue
        if char.isalnum() or char in "_$":
            word += char.lower()
        elif word:
            yield word
            word = ""
        index += 1
    if word:
        yield word


def names(found: Named, table: str, column: str | None, schema: str | None = None) -> str:
    """`"column"` when `found` names `column` of `table` (for None: the table at all),
    `"every column"` when it reads the table through a `*`, "" otherwise. `schema` is the table's
    own (None: the search path's, which a statement may also write as `public`)."""

    def same(candidate: Relation) -> bool:
        return candidate[1] == table and candidate[0] in (None, schema or "public")

    if column is None:
        return "column" if any(same(candidate) for candidate in found.relations) else ""
    if any(same(candidate) and name == column for candidate, name in found.columns):
        return "column"
    if any(same(candidate) for candidate in found.every_column):
        return "every column"
    return ""
