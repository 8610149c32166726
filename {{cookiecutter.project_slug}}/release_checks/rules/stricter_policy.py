"""`stricter-policy`: a row-level security policy of a table under row-level security
lets fewer rows through: its expression narrowed (`ALTER POLICY ... USING (...)`, or
dropped and made again), its roles or commands fewer, or a restrictive policy added.

Readers of the old release see fewer rows, and its writes are refused. The catalog
cannot tell in general whether one expression lets through what another did: a
permissive policy's expression passes when each of its old `OR` terms is still a term
of a permissive policy (made again identically, `OR` more, `USING (true)`), and a
restrictive one's when each of its new `AND` terms was one already; any other change is
refused unless acknowledged.
"""

import json
import re
from collections.abc import Iterator

from ._catalog import CatalogChange, CatalogObject, Side, Upgrade
from ._rule import Acknowledge, RevisionExample, Rule

ALL = "*"  # pg_policy.polcmd of a policy for every command
# (clause, command, role, term): one way a policy lets a row through
Term = tuple[str, str, str, str]


def narrowed_policies(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """Each policy of a table under row-level security on both sides whose rows are fewer:
    an old permissive term no permissive policy has now, or a new restrictive term."""
    before, after = upgrade.sides
    tables = {
        thing.identity.table
        for changed in (upgrade.before, upgrade.after)
        for thing in changed.values()
        if thing.kind == "policy"
    }
    for table in sorted(filter(None, tables)):
        if not (_row_security(before, table) and _row_security(after, table)):
            continue  # (row-security judges it turned on)
        old, new = _terms(before, table), _terms(after, table)
        lost = {
            policy.name: policy
            for policy, term in old[True]
            if not any(_covers(other, term) for _, other in new[True])
        }
        added = {
            policy.name: policy
            for policy, term in new[False]
            if term[3] != "true" and not any(_covers(term, other) for _, other in old[False])
        }
        for name, policy in sorted({**lost, **added}.items()):
            how = "adds restrictive" if name in added and name not in lost else "narrows"
            message = (
                f"{how} policy {name}: readers of the old release see fewer rows "
                f"(now {policy.definition or 'gone'})"
            )
            yield upgrade.finding("stricter-policy", policy, message)


def _covers(wider: Term, narrower: Term) -> bool:
    """Whether the term `wider` lets through every row `narrower` does (for its command and
    role at least)."""
    clause, command, role, term = wider
    return (
        clause == narrower[0]
        and command in (narrower[1], ALL)
        and role in (narrower[2], "PUBLIC")
        and term in (narrower[3], "true")
    )


def _row_security(side: Side, table: int) -> bool:
    thing = side.get(f"class {table}")
    return (
        thing is not None
        and re.search(r"(?<!forced )row level security", thing.definition) is not None
    )


def _terms(side: Side, table: int) -> dict[bool, list[tuple[CatalogObject, Term]]]:
    """The terms of the table's policies, permissive (True) and restrictive (False): USING
    (which rows a command sees) and WITH CHECK (which rows it may write; USING when a
    policy has none), split at the top `OR` (permissive) or `AND` (restrictive)."""
    found: dict[bool, list[tuple[CatalogObject, Term]]] = {True: [], False: []}
    for key, identity in side.snapshot.identities.items():
        if key[0] != "policy" or identity.table != table:
            continue
        policy = side.object(key)
        command, roles, using, check = json.loads(identity.facts or "[]")
        permissive = policy.definition.startswith("permissive")
        if check is None and command in (ALL, "w"):
            check = using
        for clause, expression in (("using", using), ("check", check)):
            for role in roles if expression is not None else ():
                found[permissive].extend(
                    (policy, (clause, command, role, term))
                    for term in _split(expression, "OR" if permissive else "AND")
                )
    return found


def _split(expression: str, operator: str) -> set[str]:
    """The terms of `expression` (as pg_get_expr prints it) joined by `operator` at its
    top, nested ones too: `((a) OR ((b) OR (c)))` -> a, b, c."""
    inner = _unwrapped(expression)
    parts, depth, quote, start = [], 0, "", 0
    separator = f" {operator} "
    for at, character in enumerate(inner):
        if quote:
            quote = "" if character == quote else quote
        elif character in "'\"":
            quote = character
        elif character == "(":
            depth += 1
        elif character == ")":
            depth -= 1
        elif depth == 0 and inner.startswith(separator, at):
            parts.append(inner[start:at])
            start = at + len(separator)
    if not parts:
        return {inner}
    parts.append(inner[start:])
    return {term for part in parts for term in _split(part, operator)}


def _unwrapped(expression: str) -> str:
    """Without the parentheses around the whole of it."""
    while expression.startswith("(") and expression.endswith(")"):
        depth = 0
        for at, character in enumerate(expression):
            depth += {"(": 1, ")": -1}.get(character, 0)
            if depth == 0 and at < len(expression) - 1:
                return expression  # `(a) OR (b)`: the first parenthesis closes early
        expression = expression[1:-1]
    return expression


_POLICY = "example_shown ON example_note"
_BACK = f'op.execute("ALTER POLICY {_POLICY} TO PUBLIC USING (shown)")'

RULE = Rule(
    id="stricter-policy",
    summary="a row-level security policy lets fewer rows through",
    hint="keep what the policy lets through; widen it with OR, or acknowledge",
    seen=frozenset({"catalog"}),
    catalog=narrowed_policies,
    acknowledge=Acknowledge("column"),
    refused=(
        RevisionExample(
            upgrade=f'op.execute("ALTER POLICY {_POLICY} USING (shown AND author IS NOT NULL)")',
            downgrade=_BACK,
        ),
        RevisionExample(
            upgrade=f"""
op.execute("DROP POLICY {_POLICY}")
op.execute("CREATE POLICY example_mine ON example_note USING (author = current_user)")
""",
            downgrade=f"""
op.execute("DROP POLICY example_mine ON example_note")
op.execute("CREATE POLICY {_POLICY} USING (shown)")
""",
        ),
        RevisionExample(
            upgrade=f'op.execute("ALTER POLICY {_POLICY} TO CURRENT_USER")',
            downgrade=_BACK,
        ),
        RevisionExample(
            upgrade="""
op.execute(
    "CREATE POLICY example_signed ON example_note AS RESTRICTIVE USING (author IS NOT NULL)"
)
""",
            downgrade='op.execute("DROP POLICY example_signed ON example_note")',
        ),
    ),
    passing=(
        RevisionExample(
            upgrade=f"""
op.execute("DROP POLICY {_POLICY}")
op.execute("CREATE POLICY {_POLICY} USING (shown)")
op.execute("ALTER POLICY {_POLICY} USING (shown OR author = current_user)")
op.execute("CREATE POLICY example_everyone ON example_note AS RESTRICTIVE USING (true)")
""",
            downgrade=f"""
op.execute("DROP POLICY example_everyone ON example_note")
{_BACK}
""",
        ),
        RevisionExample(
            upgrade=f'op.execute("ALTER POLICY {_POLICY} USING (shown AND author IS NOT NULL)")',
            downgrade=_BACK,
            declarations="""
acknowledged = [
    {
        "rule": "stricter-policy",
        "table": "example_note",
        "column": "example_shown",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
