"""The database's public surface beyond tables and columns, judged on the catalog.

Other services and old releases depend on more than tables and columns: an index's
columns, a constraint's and a view's definitions, triggers, functions and procedures,
sequences, schemas, privileges, row-level security and domains. Removed, renamed, made
again as something else, disabled, revoked or made stricter is refused unless
acknowledged; added or widened passes. Judged on definitions, not names: an object
dropped and made again under its name is compared with what it was (catalog.py lets it
pass as no drop).
"""

import re
from collections.abc import Iterator
from dataclasses import replace

from release_checks.walk.catalog import TABLES, CatalogChange, _Object, _Side, _Upgrade

VIEWS = ("view", "materialized view")
FUNCTIONS = ("function", "procedure", "aggregate")
_TYPES = ("enum", "domain", "range", "type", "composite type")
# what each kind's NULL ACL lets others do (the owner's own privileges aside)
_DEFAULT_GRANTS = {
    **{kind: {"PUBLIC": frozenset("X")} for kind in FUNCTIONS},
    **{kind: {"PUBLIC": frozenset("U")} for kind in _TYPES},
}
_PRIVILEGES = {
    "r": "SELECT", "a": "INSERT", "w": "UPDATE", "d": "DELETE", "D": "TRUNCATE",
    "x": "REFERENCES", "t": "TRIGGER", "X": "EXECUTE", "U": "USAGE", "C": "CREATE",
    "c": "CONNECT", "T": "TEMPORARY", "m": "MAINTAIN", "s": "SET", "A": "ALTER SYSTEM",
}  # fmt: skip
_GRANTS = re.compile(r"(?:^| )grants \{(.*)\}$")
_OFF = (" disabled", " enabled on replicas")  # a trigger that no longer fires on writes


def surface_changes(change: _Upgrade, found: list[CatalogChange]) -> list[CatalogChange]:
    """`found` (catalog.py's findings) and this module's, without the drops and renames
    that go with a schema dropped or renamed: one change, one finding."""
    schemas = list(_schemas(change))
    gone = {
        (finding.rule.split("-", 1)[0], facts)
        for finding, facts in schemas
        if finding.rule in ("drop-schema", "rename-schema")
    }

    def inside(finding: CatalogChange) -> bool:
        name = finding.table or ""
        verb = finding.rule.split("-", 1)[0]
        return any(verb == how and name.startswith(f"{schema}.") for how, schema in gone)

    new = [
        *_redefined(change),
        *_views(change),
        *_triggers(change),
        *_functions(change),
        *_sequences(change),
        *_revoked(change),
        *_row_security(change),
        *_domains(change),
    ]
    return [finding for finding in [*found, *new] if not inside(finding)] + [
        finding for finding, _ in schemas
    ]


def _made_again(change: _Upgrade, old: _Object) -> _Object | None:
    """The object under `old`'s name after the upgrade, if `old` was dropped and another
    made under its name."""
    if old.identity.key in change.after or (old.kind, old.name) not in change.names_after:
        return None
    return change.sides[1].object((old.kind, old.name))


def _table_dropped(change: _Upgrade, thing: _Object) -> bool:
    table = f"class {thing.identity.table}"
    return thing.identity.table is not None and table in change.before and table not in change.after


def _retyped(change: _Upgrade) -> set[tuple[int | None, str]]:
    """(table OID, attribute number) of the columns whose type changed: PostgreSQL makes
    their indexes and constraints again, and type-change says so."""
    found = set()
    for key, old in change.before.items():
        new = change.after.get(key)
        if old.kind == "column" and new is not None and _type(old) != _type(new):
            found.add((old.identity.table, key.rsplit(".", 1)[1]))
    return found


def _type(column: _Object) -> list[str]:
    """A column's type OID and modifier."""
    return (column.identity.facts or "").split()[:2]


def _index_definition(thing: _Object) -> str:
    """What a client relies on: columns, expressions, uniqueness, predicate (not storage
    options, tablespace or CLUSTER)."""
    definition = re.sub(r" (clustered|is the replica identity)", "", thing.definition)
    return re.sub(r" WITH \([^)]*\)| TABLESPACE \S+", "", definition)


def _constraint_definition(thing: _Object) -> str:
    """NOT VALID then VALIDATE is the safe way to add a constraint: the same one."""
    return thing.definition.removesuffix(" NOT VALID")


def _redefined(change: _Upgrade) -> Iterator[CatalogChange]:
    """An index or a table's constraint dropped and made again under its name, as
    something else (other columns, uniqueness, predicate, expression)."""
    retyped = _retyped(change)
    for old in change.before.values():
        if old.kind not in ("index", "constraint") or old.identity.table is None:
            continue  # a domain's constraint: _domains judges it
        new = _made_again(change, old)
        if new is None or _table_dropped(change, old):
            continue
        columns = re.findall(r"\d+", (old.identity.facts or "").split(" ", 1)[0])
        # (0: an expression, which may name any column of the table)
        retyped_here = {number for table, number in retyped if table == old.identity.table}
        if retyped_here & {*columns} or (retyped_here and "0" in columns):
            continue
        define = _index_definition if old.kind == "index" else _constraint_definition
        was, becomes = define(old), define(new)
        if was != becomes:
            message = f"makes {old.kind} {old.name} again as {becomes}, not {was}"
            yield change.finding(f"redefine-{old.kind}", old, message)


def _columns(side: _Side, relation: str) -> dict[str, _Object]:
    """The columns of the table or view `relation` ("class OID"), by their own names."""
    oid = int(relation.split()[1])
    identities = side.snapshot.identities
    found = {}
    for key, identity in identities.items():
        if key[0] == "column" and identity.table == oid:
            column = side.object(key)
            found[column.name.rsplit(".", 1)[1]] = column
    return found


def _views(change: _Upgrade) -> Iterator[CatalogChange]:
    """A view made again under its name without a column, or with a column of another
    type (CREATE OR REPLACE VIEW can only add columns; renaming one is rename-column)."""
    for key, old in change.before.items():
        new = _made_again(change, old) if old.kind in VIEWS else None
        if new is None:
            continue
        had = _columns(change.sides[0], key)
        has = _columns(change.sides[1], new.identity.key)
        for name, column in had.items():
            now = has.get(name)
            was = column.definition.split(" NULL", 1)[0].removesuffix(" NOT")
            if now is None:
                message = f"makes {old.kind} {old.name} again without column {name}"
            elif _type(now) != _type(column):
                becomes = now.definition.split(" NULL", 1)[0].removesuffix(" NOT")
                message = (
                    f"makes {old.kind} {old.name} again with column {name} {becomes}, not {was}"
                )
            else:
                continue
            yield change.finding("redefine-view", column, message)


def _trigger_definition(change: _Upgrade, thing: _Object, side: int) -> str:
    """A trigger as it fires: without its enabled state, its table named alike on both
    sides (a renamed table is rename-table's)."""
    definition = thing.definition
    for state in (*_OFF, " enabled always"):
        definition = definition.removesuffix(state)
    table = change.sides[side].get(f"class {thing.identity.table}")
    return definition.replace(f" ON {table.name} ", " ON the table ") if table else definition


def _triggers(change: _Upgrade) -> Iterator[CatalogChange]:
    """A trigger dropped, made again as another, or disabled; a foreign key's triggers
    disabled (`DISABLE TRIGGER ALL`) and left so."""
    keys_said: set[tuple[str, str]] = set()
    for key, old in change.before.items():
        if old.kind == "foreign-key trigger":
            new = change.after.get(key)
            state, table, constraint = (old.identity.facts or "  ").split(" ", 2)
            now = (new.identity.facts or " ").split(" ", 1)[0] if new is not None else state
            owner = change.sides[0].get(f"class {table}")
            off = state in ("O", "A") and now in ("D", "R")
            if owner and off and (table, constraint) not in keys_said:
                keys_said.add((table, constraint))
                message = (
                    f"disables the triggers of foreign key {constraint} on {owner.name}: "
                    "the key is no longer enforced"
                )
                finding = change.finding("disable-trigger", owner, message)
                yield replace(finding, column=constraint)
            continue
        if old.kind != "trigger" or _table_dropped(change, old):
            continue
        new = change.after.get(key) or _made_again(change, old)
        if new is None:
            yield change.finding("drop-trigger", old, f"drops trigger {old.name}")
            continue
        becomes = _trigger_definition(change, new, 1)
        if _trigger_definition(change, old, 0) != becomes:
            message = f"makes trigger {old.name} again as {becomes}"
            yield change.finding("drop-trigger", old, message)
        elif not old.definition.endswith(_OFF) and new.definition.endswith(_OFF):
            message = f"disables trigger {old.name}: {new.definition.rsplit(' ', 1)[-1]}"
            yield change.finding("disable-trigger", old, message)


def _signature(thing: _Object) -> list[str]:
    """How a function is called and what it returns: its header (argument names and
    defaults) and RETURNS line, or an aggregate's whole definition."""
    lines = thing.definition.splitlines()
    if thing.kind == "aggregate":
        return lines
    return [lines[0], *(line for line in lines if line.startswith(" RETURNS "))]


def _functions(change: _Upgrade) -> Iterator[CatalogChange]:
    """A function, procedure or aggregate dropped (a new signature is a drop: the old
    one's callers fail), made again returning something else, or renamed. A trigger
    function is its triggers' (drop-trigger)."""
    for key, old in change.before.items():
        if old.kind not in FUNCTIONS or "\n RETURNS trigger\n" in old.definition:
            continue
        new = change.after.get(key)
        if new is not None:
            if old.name.split("(", 1)[0] != new.name.split("(", 1)[0]:
                message = f"renames {old.kind} {old.name} to {new.name.split('(', 1)[0]}"
                yield change.finding("rename-function", old, message)
            continue
        again = _made_again(change, old)
        if again is None:
            yield change.finding("drop-function", old, f"drops {old.kind} {old.name}")
        elif _signature(again) != _signature(old):
            was, becomes = " ".join(_signature(old)), " ".join(_signature(again))
            message = f"makes {old.kind} {old.name} again as {becomes}, not {was}"
            yield change.finding("drop-function", old, message)


def _sequences(change: _Upgrade) -> Iterator[CatalogChange]:
    """A sequence dropped (made again, it counts from its start again), renamed, or
    narrowed. One a column owns goes with the column, whose finding says it (a column's
    new type narrows its identity's sequence too)."""
    retyped = _retyped(change)
    for key, old in change.before.items():
        if old.kind != "sequence":
            continue
        new = change.after.get(key)
        owned = " owned by " in old.definition
        if new is None:
            if not owned:
                yield change.finding("drop-sequence", old, f"drops sequence {old.name}")
            continue
        if new.name != old.name:
            message = f"renames sequence {old.name} to {new.name}"
            yield change.finding("rename-sequence", old, message)
        (low, high), (now_low, now_high) = _bounds(old), _bounds(new)
        if (now_low > low or now_high < high) and not (owned and retyped):
            message = f"narrows sequence {old.name} from {low}..{high} to {now_low}..{now_high}"
            yield change.finding("narrow-sequence", old, message)


def _bounds(sequence: _Object) -> tuple[int, int]:
    """A sequence's min and max (its definition reads "bigint start 1 increment 1 min 1
    max 9223372036854775807 ...")."""
    words = sequence.definition.split()
    return int(words[words.index("min") + 1]), int(words[words.index("max") + 1])


def _schemas(change: _Upgrade) -> Iterator[tuple[CatalogChange, str]]:
    """A schema dropped or renamed, with its name as the names in it start."""
    for key, old in change.before.items():
        if old.kind != "schema":
            continue
        new = change.after.get(key)
        facts = old.identity.facts or old.name
        if new is None:
            yield change.finding("drop-schema", old, f"drops schema {old.name}"), facts
        elif new.name != old.name:
            message = f"renames schema {old.name} to {new.name}"
            yield change.finding("rename-schema", old, message), facts


def _grants(thing: _Object) -> dict[str, frozenset[str]]:
    """Who may do what with `thing`, but its owner (an entry a role granted itself)."""
    found = _GRANTS.search(thing.definition)
    if found is None:
        return dict(_DEFAULT_GRANTS.get(thing.kind, {}))
    grants: dict[str, frozenset[str]] = {}
    role = r'(?:"(?:[^"]|"")*"|[^,="])*'
    items = re.findall(f"({role})=([A-Za-z*]*)/({role})", found[1])
    for grantee, privileges, grantor in items:
        if grantee != grantor:
            grants[grantee or "PUBLIC"] = frozenset(privileges.replace("*", ""))
    return grants


def _revoked(change: _Upgrade) -> Iterator[CatalogChange]:
    """Privileges a role (or PUBLIC) had on an object that is still there, and no longer
    has: its readers and writers fail."""
    for key, old in change.before.items():
        new = change.after.get(key)
        if new is None or old.kind not in (*TABLES, *VIEWS, *FUNCTIONS, *_TYPES, "column",
                                           "sequence", "schema"):  # fmt: skip
            continue
        had, has = _grants(old), _grants(new)
        lost = {
            role: privileges - has.get(role, frozenset())
            for role, privileges in had.items()
            if privileges - has.get(role, frozenset())
        }
        for role, privileges in sorted(lost.items()):
            words = ", ".join(sorted(_PRIVILEGES.get(each, each) for each in privileges))
            message = f"revokes {words} on {old.kind} {old.name} from {role}"
            yield replace(change.finding("revoke", old, message), column=None)


def _hidden(side: _Side, table: int) -> int:
    """How far row-level security hides the rows of `table`: 0 not at all, 1 from every
    role but the owner (no permissive policy lets a row through), 2 from the owner too
    (forced)."""
    thing = side.get(f"class {table}")
    if thing is None or not re.search(r"(?<!forced )row level security", thing.definition):
        return 0
    for key, identity in side.snapshot.identities.items():
        permissive = side.snapshot.objects.get(key, "").startswith("permissive")
        if key[0] == "policy" and identity.table == table and permissive:
            return 0
    return 2 if "forced row level security" in thing.definition else 1


def _row_security(change: _Upgrade) -> Iterator[CatalogChange]:
    """A table whose rows row-level security now hides: turned on or forced with no
    permissive policy, or its last permissive policy dropped. (What a policy's own
    expression lets through the catalog cannot judge.)"""
    before, after = change.sides
    tables = {
        thing.identity.table
        for thing in change.before.values()
        if thing.kind in (*TABLES, "policy") and thing.identity.table is not None
    } | {
        thing.identity.table
        for thing in change.after.values()
        if thing.kind in (*TABLES, "policy") and thing.identity.table is not None
    }
    for table in sorted(tables):
        old = before.get(f"class {table}")
        if old is None or after.get(f"class {table}") is None:
            continue
        was, becomes = _hidden(before, table), _hidden(after, table)
        if becomes > was:
            who = "every role" if becomes == 2 else "every role but its owner"
            message = f"hides every row of {old.name} from {who}: no permissive policy"
            yield change.finding("row-security", old, message)


def _domains(change: _Upgrade) -> Iterator[CatalogChange]:
    """A domain made stricter: NOT NULL, or a constraint it did not have (a check made
    again as another included); every column of the domain is checked by it."""
    changed = [*change.before.values(), *change.after.values()]
    if not any(thing.kind == "domain" or _of_a_domain(thing) for thing in changed):
        return  # (the walk takes this path on nearly every upgrade)
    before, after = change.sides
    for key, identity in after.snapshot.identities.items():
        old = before.get(identity.key) if key[0] == "domain" else None
        if old is None:
            continue
        new = after.object(key)
        if (
            " NOT NULL" not in old.definition.split(" DEFAULT ")[0]
            and " NOT NULL" in (new.definition.split(" DEFAULT ")[0])
        ):
            yield change.finding("stricter-domain", old, f"makes domain {old.name} NOT NULL")
        had = _domain_constraints(before, old.name)
        for definition in sorted(_domain_constraints(after, new.name) - had):
            message = f"adds {definition} to domain {old.name}"
            yield change.finding("stricter-domain", old, message)


def _of_a_domain(thing: _Object) -> bool:
    return thing.kind == "constraint" and thing.identity.table is None


def _domain_constraints(side: _Side, domain: str) -> set[str]:
    return {
        _constraint_definition(side.object(key))
        for key, identity in side.snapshot.identities.items()
        if key[0] == "constraint" and identity.table is None and key[1].startswith(f"{domain}.")
    }
