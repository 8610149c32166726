"""What upgrade()'s online-only branches say, read from the revision's text.

Code under `if not context.is_offline_mode():` never runs offline, so recording.py never
sees it; and the walk sees only what runs on its empty database, not a branch that depends
on data, time or the environment. So the gate reads such branches (and the module's
functions they call) without running them: each `op.<operation>(...)` call (and each
`batch_op.<operation>(...)` inside `with op.batch_alter_table(...)`) becomes the Alembic
operation it would invoke, and each SQL string handed to `execute` or `exec_driver_sql`
(`sa.text(...)` too) becomes a statement. lint.py judges both exactly as it judges recorded ones.

Nothing of the branch runs: an argument is a literal, a string built of literals, or an
expression made only of SQLAlchemy's constructors (`sa.Column("x", sa.Text())`); anything
else (a value read from the database, a local variable) is a stand-in naming the
expression. A call that cannot be read this way is left to the walk.
"""

import ast
import re
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from types import ModuleType, SimpleNamespace
from typing import Any

import alembic.op
from alembic.operations import BatchOperations, Operations, ops

from .recognise import in_operation
from .recording import Statement, Step
from .revisions import Revision, asks_offline

WHERE = "in a branch that only runs online"
_BIND_PARAMETER = re.compile(r"(?<![:\w]):(?!:)\w+")  # sa.text's `:name`, not a `::` cast


def _subclasses(cls: type[ops.MigrateOperation]) -> Iterator[type[ops.MigrateOperation]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


# What `op.<name>(...)` and `batch_op.<name>(...)` build: Alembic registers each operation
# as a classmethod of its operation class (`batch_<name>` for batches), which builds the
# operation object and hands it to `operations.invoke`. op.execute is read as SQL instead.
_BUILDERS: dict[str, Callable[..., Any]] = {
    name: getattr(cls, name)
    for cls in _subclasses(ops.MigrateOperation)
    for name, value in vars(cls).items()
    if isinstance(value, classmethod) and name not in ("execute", "batch_execute")
}
_OPERATIONS = {name: _BUILDERS[name] for name in _BUILDERS if hasattr(Operations, name)}
_BATCH_OPERATIONS = {
    name: _BUILDERS[f"batch_{name}"]
    for name in dir(BatchOperations)
    if f"batch_{name}" in _BUILDERS
}


@dataclass
class OnlineCode:
    steps: list[Step] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)


class _Unknown(str):
    """A value known only when the branch runs, spelled as its expression."""


def read_online(revision: Revision) -> OnlineCode:
    """The operations and SQL of upgrade()'s online-only branches, with their lines."""
    module = revision.script.module
    # the module's functions, and those defined inside them (an `async def` handed to
    # op.run_async, say)
    functions = {
        node.name: node
        for node in ast.walk(revision.tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    if "upgrade" not in functions:
        return OnlineCode()
    # Every branch that runs only online, in upgrade() or a function it calls ...
    called = [functions[name] for name in _called(["upgrade"], functions, set())]
    branches = [
        *(node for function in called for node in _online_branches(function)),
        *(node for function in called for node in _after_offline_exit(function)),
    ]
    # ... and whatever those branches call, whole.
    helpers = _called(_names_called(branches), functions, set())
    code = [*branches, *(functions[name] for name in helpers)]
    nodes = list({id(node): node for root in code for node in ast.walk(root)}.values())
    return _read(nodes, module)


def _online_branches(function: ast.AST) -> Iterator[ast.AST]:
    for node in ast.walk(function):
        if isinstance(node, ast.If | ast.IfExp) and asks_offline(node.test):
            body = node.body if isinstance(node.body, list) else [node.body]
            orelse = node.orelse if isinstance(node.orelse, list) else [node.orelse]
            if _is_not_offline(node.test):
                yield from body
            elif isinstance(node.test, ast.Attribute | ast.Call):  # `if offline: ... else:`
                yield from orelse
            else:  # a test the gate does not unpick: both branches
                yield from (*body, *orelse)


def _after_offline_exit(function: ast.AST) -> Iterator[ast.AST]:
    """What follows `if context.is_offline_mode(): ... return` in the same block: it runs
    only online, as an `else` would (open-webui writes its revisions so)."""
    for node in ast.walk(function):
        for name in ("body", "orelse", "finalbody"):
            block = getattr(node, name, None)
            if not isinstance(block, list):  # an IfExp's body is an expression
                continue
            for index, statement in enumerate(block):
                if (
                    isinstance(statement, ast.If)
                    and isinstance(statement.test, ast.Attribute | ast.Call)
                    and asks_offline(statement.test)
                    and isinstance(statement.body[-1], ast.Return | ast.Raise)
                ):
                    yield from block[index + 1 :]
                    break


def _is_not_offline(test: ast.expr) -> bool:
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return asks_offline(test.operand)
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(_is_not_offline(value) for value in test.values)
    return False


def _names_called(roots: list[ast.AST]) -> list[str]:
    """The names called, and the names handed to a call, which may call them
    (`op.run_async(rename)`, `bind.run_callable(rename)`)."""
    return [
        name.id
        for root in roots
        for node in ast.walk(root)
        if isinstance(node, ast.Call)
        for name in (node.func, *node.args, *(keyword.value for keyword in node.keywords))
        if isinstance(name, ast.Name)
    ]


Function = ast.FunctionDef | ast.AsyncFunctionDef


def _called(names: list[str], functions: dict[str, Function], seen: set[str]) -> list[str]:
    """`names` that are functions of the module, and those they call, transitively."""
    for name in names:
        if name in functions and name not in seen:
            seen.add(name)
            _called(_names_called([functions[name]]), functions, seen)
    return sorted(seen)


def _read(nodes: list[ast.AST], module: ModuleType) -> OnlineCode:
    found = OnlineCode()
    namespace = vars(module)
    op_names = {name for name, value in namespace.items() if value is alembic.op} | {"op"}
    batches: dict[str, Any] = {}  # `as` name -> the batch table's (table_name, schema)
    for node in nodes:
        if isinstance(node, ast.withitem) and isinstance(node.optional_vars, ast.Name):
            call = node.context_expr
            if isinstance(call, ast.Call) and _is_method(call, op_names, "batch_alter_table"):
                table = _value(call.args[0], namespace) if call.args else None
                schema = next(
                    (_value(k.value, namespace) for k in call.keywords if k.arg == "schema"), None
                )
                batches[node.optional_vars.id] = SimpleNamespace(table_name=table, schema=schema)
    for node in nodes:
        if not isinstance(node, ast.Call):
            continue
        sql = _sql(node, namespace)
        if sql is not None:
            found.statements.append(Statement(sql, node.lineno))
            continue
        func = node.func
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
            continue
        owner, name = func.value.id, func.attr
        if owner in op_names and name in _OPERATIONS:
            build, table = _OPERATIONS[name], SimpleNamespace(table_name=None, schema=None)
        elif owner in batches and name in _BATCH_OPERATIONS:
            build, table = _BATCH_OPERATIONS[name], batches[owner]
        else:
            continue
        # What Alembic's Operations would be handed: the built operation is kept, not run.
        operations = SimpleNamespace(impl=table, invoke=lambda operation: operation)
        args = [_value(arg, namespace) for arg in node.args]
        kwargs = {k.arg: _value(k.value, namespace) for k in node.keywords if k.arg}
        with suppress(Exception):  # arguments it cannot take as written: the walk judges it
            built = build(operations, *args, **kwargs)
            # ... or that a rule cannot read, e.g. add_column of a column known only when
            # it runs: left to the walk too, not reported as the rule's failure.
            if isinstance(built, ops.MigrateOperation) and not in_operation(built, set()).failures:
                found.steps.append(Step(built, node.lineno))
    return found


def _is_method(call: ast.Call, owners: set[str], name: str) -> bool:
    return (
        isinstance(call.func, ast.Attribute)
        and call.func.attr == name
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id in owners
    )


def _sql(call: ast.Call, namespace: dict[str, Any]) -> str | None:
    """The SQL handed to `execute` or `exec_driver_sql` (as a string, or in `text()`),
    when it is a string built of literals."""
    if not (_named(call, "execute", "exec_driver_sql") and call.args):
        return None
    argument = call.args[0]
    if isinstance(argument, ast.Call) and _named(argument, "text") and argument.args:
        text = _string(argument.args[0], namespace)
        return None if text is None else _BIND_PARAMETER.sub("NULL", text)
    return _string(argument, namespace)


def _named(call: ast.Call, *names: str) -> bool:
    func = call.func
    return (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)) in names


def _string(node: ast.expr, namespace: dict[str, Any]) -> str | None:
    """A string constant, an f-string or `+` of them, or a module-level string."""
    match node:
        case ast.Constant(value=str(value)):
            return value
        case ast.Name(id=name) if isinstance(namespace.get(name), str):
            return str(namespace[name])
        case ast.BinOp(left=left, op=ast.Add(), right=right):
            parts = [_string(left, namespace), _string(right, namespace)]
            return None if None in parts else "".join(str(part) for part in parts)
        case ast.JoinedStr(values=values):
            strings = [
                _string(value.value if isinstance(value, ast.FormattedValue) else value, namespace)
                for value in values
            ]
            return None if None in strings else "".join(str(part) for part in strings)
    return None


def _value(node: ast.expr, namespace: dict[str, Any]) -> Any:
    """What an argument is without running the branch: a literal, a string of literals,
    SQLAlchemy constructors of literals; else a stand-in naming the expression."""
    # A `suppress`, not `except (A, B):`, which ruff writes without its parentheses for
    # Python 3.14 (PEP 758), and so differently for each python_version a project targets.
    with suppress(ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return ast.literal_eval(node)
    text = _string(node, namespace)
    if text is not None:
        return text
    if _only_sqlalchemy(node, namespace):
        with suppress(Exception):  # e.g. a constructor given the wrong arguments
            expression = compile(ast.Expression(node), "<online branch>", "eval")
            return eval(expression, dict(namespace))  # noqa: S307 (SQLAlchemy constructors only)
    return _Unknown(f"<{ast.unparse(node)}>")


_INERT = (
    *(ast.Call, ast.Attribute, ast.Name, ast.Load, ast.Constant, ast.keyword),
    *(ast.List, ast.Tuple, ast.Dict, ast.UnaryOp, ast.USub),
)


def _only_sqlalchemy(node: ast.expr, namespace: dict[str, Any]) -> bool:
    """Whether the expression only calls SQLAlchemy (its types, Column, text...) on
    literals, so that evaluating it reads no data and changes nothing."""
    for each in ast.walk(node):
        if not isinstance(each, _INERT):
            return False
        if isinstance(each, ast.Name):
            value = namespace.get(each.id)
            home = (
                value.__name__
                if isinstance(value, ModuleType)
                else getattr(value, "__module__", None)
            )
            if not isinstance(home, str) or not home.startswith("sqlalchemy"):
                return False
    return True
