"""What a revision chooses by what the walk cannot reproduce, read from its text.

The walk runs each revision once, with its own environment, command line, clock, server
and empty tables. A revision that reads any of them to decide what to do (which DDL, or
its names and options) may do something else in production, which no check sees: the
`unwalked-branch` rule, unless the revision says what the walk could not exercise.
"""

import ast
import re
from collections.abc import Callable, Iterator

from ..report import Finding
from ..rules.unwalked_branch import UNWALKED
from .findings import violation
from .revisions import Revision

# what reading each name or attribute depends on
_READS = {
    "environ": "an environment variable",
    "getenv": "an environment variable",
    "argv": "the command line (sys.argv)",
    "get_x_argument": "alembic's -x arguments",
    "get_tag_argument": "alembic's --tag argument",
    "cmd_opts": "alembic's command line",
    # the service's own settings (settings.py), which read the environment
    "get_settings": "the service's settings",
    "server_version": "the server's version",
    "server_version_info": "the server's version",
}
# (module or class, function) that read the clock; not datetime.time(...), a value
_CLOCK = {
    ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
    ("time", "time"), ("time", "time_ns"), ("time", "localtime"), ("time", "gmtime"),
}  # fmt: skip
# a query's result, read in Python: the data
_RESULTS = {"execute", "exec_driver_sql", "scalar", "scalars", "fetchone", "fetchall", "first"}
# what the database holds, read through SQLAlchemy's inspector (`sa.inspect(bind)`): the
# walk's holds only what the history made
_INSPECTOR = {
    "inspect", "has_table", "has_index", "has_sequence", "has_schema", "get_table_names",
    "get_columns", "get_indexes", "get_foreign_keys", "get_pk_constraint",
    "get_unique_constraints", "get_check_constraints", "get_view_names",
    "get_sequence_names", "get_schema_names", "get_enums",
}  # fmt: skip
_SERVER_VERSION = re.compile(r"server_version|\bversion\(\)", re.IGNORECASE)
# In a DO block (a policy's current_setting() is no choice: it is read per query).
_DO = re.compile(r"\bDO\s*(?:LANGUAGE\s+\w+\s*)?(?:\$|')", re.IGNORECASE)
_SETTING = re.compile(r"\bcurrent_setting\s*\(", re.IGNORECASE)
# a statement EXECUTE runs, built from what a query returned: a variable `SELECT ... INTO`
# set, or in a loop over a query
_INTO = re.compile(r"\bINTO\s+(?:STRICT\s+)?(\w+)", re.IGNORECASE)
_EXECUTE = re.compile(r"\bEXECUTE\s+(\w+)", re.IGNORECASE)
_LOOP = re.compile(r"\bFOR\s+\w+\s+IN\s*\(?\s*SELECT\b", re.IGNORECASE)


def check_branches(revision: Revision) -> list[Finding]:
    """One finding per line that reads what the walk cannot reproduce."""
    reason = getattr(revision.script.module, UNWALKED, None)
    if isinstance(reason, str) and reason.strip():
        return []
    found: dict[int, str] = {}
    for line, what in _reads(revision.tree):
        found.setdefault(line, what)
    return [
        violation(
            "unwalked-branch",
            revision.path,
            line,
            f"chooses what it does by {what}: the walk runs one choice, on its own server "
            "and empty tables; what production chooses no check sees",
        )
        for line, what in sorted(found.items())
    ]


def _reads(tree: ast.Module) -> Iterator[tuple[int, str]]:
    nodes = list(ast.walk(tree))  # walked once: most revisions read none of what follows
    docstrings = {
        id(node.body[0].value)
        for node in nodes
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in nodes:
        if isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if name in _READS:
                yield node.lineno, _READS[name]
            elif _is_config(node):
                yield node.lineno, "alembic's config"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in docstrings:
                continue
            yield from ((node.lineno, what) for what in _sql_reads(node.value)[:1])
    for reads, what in (
        (_reads_result, "the data (a query's result)"),
        (_reads_clock, "the clock"),
        (_reads_chance, "chance (a random value)"),
    ):
        if any(reads(node) for node in nodes):
            yield from _tested(tree, reads, what)
    if any(_reads_catalog(node) for node in nodes):
        # Not downgrade()'s: one that drops a thing only where it exists undoes the same
        # upgrade either way, and the walk runs it right after that upgrade.
        upgrade = ast.Module(
            body=[node for node in tree.body if getattr(node, "name", None) != "downgrade"],
            type_ignores=[],
        )
        yield from _tested(upgrade, _reads_catalog, "what the database holds (the inspector)")


def _sql_reads(sql: str) -> list[str]:
    """What SQL chooses by: the server's version, and in a DO block a setting or a
    statement EXECUTE builds from a query."""
    found = []
    if _SERVER_VERSION.search(sql):
        found.append("the server's version")
    if _DO.search(sql):
        if _SETTING.search(sql):
            found.append("a setting")
        executed = {name.lower() for name in _EXECUTE.findall(sql)}
        into = {name.lower() for name in _INTO.findall(sql)}
        if executed & into or (executed and _LOOP.search(sql)):
            found.append("the data (a statement EXECUTE builds from a query)")
    return found


def _is_config(node: ast.expr) -> bool:
    """`context.config` (alembic's Config: its options and attributes)."""
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "config"
        and isinstance(node.value, ast.Name)
        and node.value.id == "context"
    )


def _reads_clock(node: ast.AST) -> bool:
    """`datetime.now()`, `datetime.date.today()`, `time.time()` and the like."""
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return False
    owner = node.func.value
    name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", None)
    return (name, node.func.attr) in _CLOCK


def _reads_chance(node: ast.AST) -> bool:
    """`random.random()`, `random.choice(...)`, `secrets.randbelow(...)`, `uuid.uuid4()`."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute):
        owner = func.value
        module = owner.id if isinstance(owner, ast.Name) else None
        return module in ("random", "secrets") or func.attr in ("uuid1", "uuid4")
    return isinstance(func, ast.Name) and func.id in ("uuid1", "uuid4")


def _reads_catalog(node: ast.AST) -> bool:
    """`sa.inspect(bind)`, and an inspector's `has_table(...)`, `get_columns(...)`..."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)) in (
        _INSPECTOR
    )


def _reads_result(node: ast.AST) -> bool:
    """A query's result read in Python."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _RESULTS
    )


def _tested(
    tree: ast.Module, reads: Callable[[ast.AST], bool], what: str
) -> Iterator[tuple[int, str]]:
    """`if`s and `while`s whose test `reads`, directly or through a name assigned from
    what it read, and that choose DDL (_Schema). A query's result or the time used as a
    value to write rows, or a check that stops the revision with an error, chooses none."""
    names: set[str] = set()

    def read(expression: ast.expr) -> bool:
        return any(
            reads(node) or (isinstance(node, ast.Name) and node.id in names)
            for node in ast.walk(expression)
        )

    for _ in range(3):  # names assigned from names assigned from what it read
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign | ast.AnnAssign | ast.NamedExpr) and (
                node.value is not None and read(node.value)
            ):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names |= {
                    name.id
                    for target in targets
                    for name in ast.walk(target)
                    if isinstance(name, ast.Name)
                }
    schema = _Schema(tree)
    for scope in [tree, *(node for node in ast.walk(tree) if isinstance(node, _FUNCTIONS))]:
        for node in _own(scope):
            if not isinstance(node, ast.If | ast.While | ast.IfExp):
                continue
            if read(node.test) and schema.chosen(node, scope):
                yield node.lineno, what


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
# Alembic operations that change no schema.
_NO_SCHEMA = {
    "execute", "bulk_insert", "get_bind", "get_context", "inline_literal", "f", "run_async",
    "invoke", "implementation_for", "register_operation", "exec_driver_sql",
}  # fmt: skip
# SQL that changes data or reads, not the schema (each statement of a string).
_DATA_SQL = re.compile(
    r"\s*\(*\s*(?:SELECT|INSERT|UPDATE|DELETE|WITH|VALUES|TABLE|COPY|SET|SHOW|NOTIFY|LOCK"
    r"|ANALYZE|VACUUM|REFRESH|TRUNCATE|BEGIN|COMMIT)\b",
    re.IGNORECASE,
)
# SQLAlchemy's builders of data statements: `table.update()`, `sa.select(...)`.
_DATA_BUILDERS = {"select", "insert", "update", "delete", "values", "where", "returning"}


def _own(scope: ast.AST) -> Iterator[ast.AST]:
    """The nodes of `scope`, not those of the functions defined in it."""
    for child in ast.iter_child_nodes(scope):
        if not isinstance(child, _FUNCTIONS):
            yield child
            yield from _own(child)


class _Schema:
    """Which code changes the schema: an Alembic operation, SQL that is not data (or that
    the gate cannot read), or a call of a function of the revision that does either."""

    def __init__(self, tree: ast.Module) -> None:
        self._functions = {
            node.name: node
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        self._changes: dict[str, bool] = {}

    def chosen(self, branch: ast.If | ast.While | ast.IfExp, scope: ast.AST) -> bool:
        """Whether `branch` chooses DDL: an arm changes the schema, or leaves early
        (`return`, `break`, `continue`) from code that does, or (a conditional
        expression) chooses a value that DDL is given."""
        if isinstance(branch, ast.IfExp):
            return self._given(branch, scope)
        arms = [*branch.body, *branch.orelse]
        if any(self.changes(statement) for statement in arms):
            return True
        leaves = any(
            isinstance(node, ast.Return | ast.Break | ast.Continue)
            for statement in arms
            for node in [statement, *_own(statement)]
        )
        return leaves and self.changes(scope)

    def _given(self, value: ast.IfExp, scope: ast.AST) -> bool:
        """Whether DDL is given `value`: in its arguments, or through the names the value
        is assigned to."""
        statement = [
            node for node in _own(scope) if isinstance(node, ast.stmt) and value in _own(node)
        ][-1]  # the innermost
        if isinstance(statement, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names = {
                node.id
                for target in targets
                for node in ast.walk(target)
                if isinstance(node, ast.Name)
            }
            return any(
                isinstance(call, ast.Call)
                and self._call(call)
                and any(isinstance(node, ast.Name) and node.id in names for node in ast.walk(call))
                for call in _own(scope)
            )
        return self.changes(statement)

    def changes(self, node: ast.AST) -> bool:
        return any(
            isinstance(inner, ast.Call) and self._call(inner) for inner in [node, *_own(node)]
        )

    def _call(self, call: ast.Call) -> bool:
        func = call.func
        if isinstance(func, ast.Name) and func.id in self._functions:
            if func.id not in self._changes:
                self._changes[func.id] = False  # a recursive call ends here
                self._changes[func.id] = self.changes(self._functions[func.id])
            return self._changes[func.id]
        if not isinstance(func, ast.Attribute):
            return False
        if func.attr in ("execute", "exec_driver_sql"):
            return not call.args or not _data(call.args[0])
        owner = func.value
        return isinstance(owner, ast.Name) and owner.id == "op" and func.attr not in _NO_SCHEMA


def _data(statement: ast.expr) -> bool:
    """Whether what `execute()` is given is known to change only data."""
    match statement:
        case ast.Constant(value=str(sql)):
            return all(_DATA_SQL.match(part) for part in sql.split(";") if part.strip())
        case ast.JoinedStr(values=[ast.Constant(value=str(start)), *_]):
            return bool(_DATA_SQL.match(start))
        case ast.Call(func=ast.Name(id="text") | ast.Attribute(attr="text"), args=[sql, *_]):
            return _data(sql)
        case ast.Call(func=ast.Name(id=name) | ast.Attribute(attr=name)):
            return name in _DATA_BUILDERS
    return False
