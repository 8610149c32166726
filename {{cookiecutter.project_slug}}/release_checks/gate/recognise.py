"""What the rules recognise in one Alembic operation or one raw SQL statement: the gate asks
every rule of the registry that brings a recogniser (rules/: `operation`, `sql`) and names
none itself. A recogniser that raises (a project's own rule may) is one line under its
rule, not a traceback: the gate could not judge that rule there."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from alembic.operations import ops
from pglast import ast

from ..rules import RULES, Change

_Recognisers = list[tuple[str, Callable[[Any, set[str]], Iterator[Change]]]]
_OPERATION: _Recognisers = [(rule.id, rule.operation) for rule in RULES.values() if rule.operation]
_SQL: _Recognisers = [(rule.id, rule.sql) for rule in RULES.values() if rule.sql]


@dataclass
class Recognised:
    changes: list[Change] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (rule, what went wrong)


def in_operation(operation: ops.MigrateOperation, created: set[str]) -> Recognised:
    """What `operation` does to what existed; `created`: the tables its revision creates."""
    return _ask(_OPERATION, "operation", operation, created)


def in_statement(node: ast.Node, created: set[str]) -> Recognised:
    """What a statement does to what existed; `created`: the tables its revision creates."""
    return _ask(_SQL, "sql", node, created)


def _ask(
    recognisers: _Recognisers,
    kind: str,
    subject: object,
    created: set[str],
) -> Recognised:
    found = Recognised()
    for rule, recognise in recognisers:
        try:
            changes = list(recognise(subject, created))
        except Exception as error:  # any bug of a rule's own code
            what = str(error).strip().splitlines()
            found.failures.append(
                (
                    rule,
                    f"the rule's `{kind}` recogniser (rules/{rule.replace('-', '_')}.py) "
                    f"raised {type(error).__name__}{': ' + what[0] if what else ''}; the gate "
                    f"could not judge this rule on {type(subject).__name__}",
                )
            )
        else:
            found.changes += changes
    return found
