"""What a rule's `catalog` recogniser reads: one upgrade, as the difference between the
catalog before and after it (an `Upgrade`), and what it says (`CatalogChange`s).

The walk (release_checks.walk) takes a snapshot of the catalog around each upgrade and
asks every rule's recogniser; this module is pure data and logic, with no database and no
walk, so that `make lint-migrations` loads every rule module without them. The snapshots
carry identities (OIDs, a column's table OID and number, an enum label's OID), so a
renamed object is told from one dropped and another added. Generic shapes are written
once here: `dropped("index")`, `renamed("view")`, `redefined("constraint")`.
"""

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING, Literal

from {{ cookiecutter.project_slug }}.db.schema_changes import DEFAULT_SCHEMA, qualified

if TYPE_CHECKING:  # the walk's own types, read and never imported here at run time
    from release_checks.walk.snapshot import Identity, Snapshot

TABLES = ("table", "partitioned table", "foreign table")
VIEWS = ("view", "materialized view")
FUNCTIONS = ("function", "procedure", "aggregate")
TYPES = ("enum", "domain", "range", "type", "composite type")
# What the generic rules call each kind of object the snapshot names: `drop-index`...
Noun = Literal["table", "view", "type", "index", "constraint", "enum-label", "column"]
NOUNS: dict[str, Noun] = {
    **dict.fromkeys(TABLES, "table"),
    **dict.fromkeys(VIEWS, "view"),
    **dict.fromkeys(TYPES, "type"),
    "index": "index",
    "constraint": "constraint",
    "enum label": "enum-label",
    "column": "column",
}


@dataclass(frozen=True)
class CatalogChange:
    """What a recogniser found, under its rule id, named as an `acknowledged` entry names
    it."""

    rule: str
    table: str | None  # the table (or the view, type, function, sequence, schema itself)
    column: str | None  # ... and the column (or the index, constraint, label), unquoted
    message: str


@dataclass
class CatalogObject:
    """One row of a snapshot: an object of `kind` named `name`, who it is across renames,
    and its definition as pg_dump would restore it."""

    kind: str
    name: str
    identity: "Identity"
    definition: str


_IDENTITY = attrgetter("key", "table", "facts")


def _changed(before: "Snapshot", after: "Snapshot") -> set[tuple[str, str]]:
    """The rows whose definition or identity differs, or that are in one snapshot only:
    the rest is the same object in both, which no rule has anything to say about. (The
    comparisons run in C; only what changed is looked at in Python.)"""
    keys = {key for key, _ in before.objects.items() ^ after.objects.items()}
    identities = [
        dict(zip(snapshot.identities, map(_IDENTITY, snapshot.identities.values()), strict=True))
        for snapshot in (before, after)
    ]
    return keys | {key for key, _ in identities[0].items() ^ identities[1].items()}


class Side:
    """One snapshot: its changed rows by identity, and any row by identity on demand."""

    def __init__(self, snapshot: "Snapshot", changed: set[tuple[str, str]]) -> None:
        self.snapshot = snapshot
        identities = snapshot.identities
        # identity key -> (kind, name), for all rows (owners' names are looked up here)
        self.keys = dict(zip(map(attrgetter("key"), identities.values()), identities, strict=True))
        self.changed = {
            identity.key: self.object(key)
            for key in identities
            if key in changed and (identity := identities[key]).key is not None
        }

    def object(self, key: tuple[str, str]) -> CatalogObject:
        kind, name = key
        snapshot = self.snapshot
        return CatalogObject(kind, name, snapshot.identities[key], snapshot.objects.get(key, ""))

    def get(self, identity_key: str) -> CatalogObject | None:
        """The row of the object `identity_key`, changed or not."""
        key = self.keys.get(identity_key)
        return self.object(key) if key is not None else None


# Asks the database as the upgrade left it about `SELECT <call>`, without running it:
# PostgreSQL's error resolving the call (None: it resolves), without the functions
# `without` (their signatures: as before the upgrade made them), and with them. A side the
# database cannot show (a function others depend on) is said as after's.
CallProbe = Callable[[str, Sequence[str]], tuple[str | None, str | None]]


class Upgrade:
    """One upgrade, as the difference between the catalog before and after it.

    `before` and `after`: the changed rows by identity key (only they can be dropped,
    renamed or altered); `sides`: both whole snapshots; `changed`: the (kind, name) of
    every row that differs, identity or not; `calls`: the database's answer on calls,
    when the upgrade is judged on one (the walk)."""

    def __init__(
        self, before: "Snapshot", after: "Snapshot", calls: CallProbe | None = None
    ) -> None:
        self.calls = calls
        self.changed = changed = _changed(before, after)
        self.sides = Side(before, changed), Side(after, changed)
        self.before, self.after = self.sides[0].changed, self.sides[1].changed
        self.names_after: Mapping[tuple[str, str], Identity] = after.identities

    def own_name(self, thing: CatalogObject, side: Side) -> str:
        """A column's, constraint's or label's name without its table's or type's."""
        owner = None
        if thing.kind in ("column", "constraint") and thing.identity.table is not None:
            owner = side.get(f"class {thing.identity.table}")
        elif thing.kind == "enum label":
            owner = side.get(f"type {thing.identity.facts}")
        if owner is None:
            return thing.name
        return thing.name.removeprefix(owner.name + ".")

    def owner(self, thing: CatalogObject) -> str | None:
        table = self.sides[0].get(f"class {thing.identity.table}")
        return table.name if table is not None else None

    def finding(self, rule: str, thing: CatalogObject, message: str) -> CatalogChange:
        """Named as an `acknowledged` entry names it: "table" the table, or the view or
        type itself (an enum label's type); "column" the column, index, constraint or
        label in it."""
        message = _IN_DEFAULT_SCHEMA.sub("", message)  # names as the revisions write them
        if thing.kind in TABLES:
            return CatalogChange(rule, rule_name(thing.name), None, message)
        if thing.identity.table is not None:  # a column, index or constraint of a table
            own_name = bare(self.own_name(thing, self.sides[0]))
            owner = self.owner(thing)
            table = rule_name(owner) if owner is not None else None
            return CatalogChange(rule, table, unquoted(own_name), message)
        if thing.kind == "enum label":
            label = self.own_name(thing, self.sides[0])
            type_name = rule_name(thing.name.removesuffix(f".{label}"))
            return CatalogChange(rule, type_name, unquoted(label), message)
        if thing.kind == "constraint":  # a domain's
            domain, _, name = thing.name.rpartition(".")
            return CatalogChange(rule, rule_name(domain), unquoted(name), message)
        return CatalogChange(rule, rule_name(thing.name), None, message)

    @cached_property
    def dropped(self) -> dict[str, CatalogObject]:
        """The objects the upgrade dropped, by identity key."""
        return {key: thing for key, thing in self.before.items() if key not in self.after}

    @cached_property
    def dropped_columns(self) -> set[tuple[int | None, int]]:
        """(table OID, attribute number) of the dropped columns."""
        return {
            (thing.identity.table, int(key.rsplit(".", 1)[1]))
            for key, thing in self.dropped.items()
            if thing.kind == "column"
        }

    @cached_property
    def retyped(self) -> set[tuple[int | None, str]]:
        """(table OID, attribute number) of the columns whose type changed: PostgreSQL
        makes their indexes and constraints again, and type-change says so."""
        found = set()
        for key, old in self.before.items():
            new = self.after.get(key)
            if old.kind == "column" and new is not None and type_key(old) != type_key(new):
                found.add((old.identity.table, key.rsplit(".", 1)[1]))
        return found

    def goes_with_a_drop(self, thing: CatalogObject) -> bool:
        """Dropped along with its table (or view) or one of its columns, or an enum label
        with its type: one change, one finding."""
        table = thing.identity.table
        if thing.kind not in TABLES and f"class {table}" in self.dropped:
            return True
        if thing.kind in ("index", "constraint") and table is not None:
            columns, referenced, *_ = (thing.identity.facts or "{} 0").split()
            if f"class {referenced}" in self.dropped:  # a foreign key to a dropped table
                return True
            numbers = re.findall(r"\d+", columns)
            return any((table, int(number)) in self.dropped_columns for number in numbers)
        if thing.kind == "enum label":
            if (thing.kind, thing.name) in self.names_after:
                return True  # its type was made again, with this label
            type_name = thing.name.removesuffix("." + self.own_name(thing, self.sides[0]))
            made_again = ("enum", type_name) in self.names_after
            return f"type {thing.identity.facts}" in self.dropped and not made_again
        return False

    def made_again(self, old: CatalogObject) -> CatalogObject | None:
        """The object under `old`'s name after the upgrade, if `old` was dropped and
        another made under its name."""
        if old.identity.key in self.after or (old.kind, old.name) not in self.names_after:
            return None
        return self.sides[1].object((old.kind, old.name))

    def table_dropped(self, thing: CatalogObject) -> bool:
        """Whether the table `thing` belongs to was dropped."""
        table = f"class {thing.identity.table}"
        return thing.identity.table is not None and table in self.before and table not in self.after

    def uniqueness_kept(self, old: CatalogObject) -> bool:
        """Whether `old`, a unique constraint or a plain unique index, is replaced by
        another on the same columns of the same table after the upgrade: readers keep
        the same guarantee (and ON CONFLICT the same target)."""
        key = _unique_key(old)
        if key is None:
            return False
        after = self.sides[1].snapshot
        return any(
            _unique_key(CatalogObject(kind, name, identity, after.objects.get((kind, name), "")))
            == key
            for (kind, name), identity in after.identities.items()
            if kind in ("constraint", "index") and identity.table == old.identity.table
        )


# A rule's recogniser: what it finds in one upgrade.
CatalogRecogniser = Callable[[Upgrade], Iterator[CatalogChange]]


def dropped(noun: Noun) -> CatalogRecogniser:
    """`drop-<noun>`: an object of that noun the upgrade drops, unless it goes with a drop
    already said (its table, its column, its enum type) or comes back as the same."""

    def recognise(upgrade: Upgrade) -> Iterator[CatalogChange]:
        for old in upgrade.dropped.values():
            if NOUNS.get(old.kind) != noun or upgrade.goes_with_a_drop(old):
                continue
            if noun == "enum-label":
                type_name = old.name.rsplit(".", 1)[0]
                label = upgrade.own_name(old, upgrade.sides[0])
                message = f"removes label {label} of {type_name}"
            elif _kept(upgrade, old):
                continue
            else:
                message = f"drops {old.kind} {old.name}"
            yield upgrade.finding(f"drop-{noun}", old, message)

    return recognise


def _kept(upgrade: Upgrade, old: CatalogObject) -> bool:
    """Whether a dropped `old` is still there for its readers in another form."""
    noun = NOUNS[old.kind]
    if noun == "type" and any(  # the columns of this type were dropped, and said so
        (thing.identity.facts or "").split()[0] == old.identity.key.split()[1]
        for thing in upgrade.dropped.values()
        if thing.kind == "column"
    ):
        return True
    if noun not in ("table", "column") and (old.kind, old.name) in upgrade.names_after:
        # Made again under the same name: PostgreSQL rebuilds the indexes and constraints
        # of a column whose type changes; a type made again shows in its labels and its
        # columns. (A table or a column made again is still a drop: its data is gone.)
        # What it is made again as, the redefine- rules judge.
        return True
    # a unique constraint replaced by a unique index, or the other way round
    return noun in ("constraint", "index") and upgrade.uniqueness_kept(old)


def renamed(noun: Noun) -> CatalogRecogniser:
    """`rename-<noun>`: an object of that noun that is still there under another name."""

    def recognise(upgrade: Upgrade) -> Iterator[CatalogChange]:
        for key, old in upgrade.before.items():
            new = upgrade.after.get(key)
            if new is None or NOUNS.get(old.kind) != noun:
                continue
            new_name = upgrade.own_name(new, upgrade.sides[1])
            if noun == "index" and bare(old.name) == bare(new_name):
                continue  # moved with its table (`SET SCHEMA`), which rename-table says
            if upgrade.own_name(old, upgrade.sides[0]) != new_name:
                message = f"renames {old.kind} {old.name} to {new_name}"
                yield upgrade.finding(f"rename-{noun}", old, message)

    return recognise


def redefined(kind: Literal["index", "constraint"]) -> CatalogRecogniser:
    """`redefine-<kind>`: a table's index or constraint dropped and made again under its
    name as something else (other columns, uniqueness, predicate, expression). A domain's
    constraint is stricter-domain's."""
    define = index_definition if kind == "index" else constraint_definition

    def recognise(upgrade: Upgrade) -> Iterator[CatalogChange]:
        for old in upgrade.before.values():
            if old.kind != kind or old.identity.table is None:
                continue
            new = upgrade.made_again(old)
            if new is None or upgrade.table_dropped(old):
                continue
            columns = re.findall(r"\d+", (old.identity.facts or "").split(" ", 1)[0])
            # made again by a type change of its column, which type-change says (0: an
            # expression, which may name any column of the table)
            retyped = {number for table, number in upgrade.retyped if table == old.identity.table}
            if retyped & {*columns} or (retyped and "0" in columns):
                continue
            was, becomes = define(old), define(new)
            if was != becomes and not (kind == "constraint" and admits_more(was, becomes)):
                message = f"makes {old.kind} {old.name} again as {becomes}, not {was}"
                yield upgrade.finding(f"redefine-{kind}", old, message)

    return recognise


# `x IN (...)` as PostgreSQL prints a CHECK of it: `x = ANY (ARRAY[...])`, with what
# surrounds the (last) list; its items, each a literal with its cast, or a number.
_IN_LIST = re.compile(r"(?P<before>.*= ANY \(+)ARRAY\[(?P<items>[^\]]*)\](?P<after>.*)", re.S)
_ITEM = re.compile(r"'(?:[^']|'')*'(?:::[\w ]+)?|[^,\s]+")


def admits_more(was: str, becomes: str) -> bool:
    """A CHECK made again with its `IN (...)` list grown and nothing else changed (a
    status that may now be 'skip' too): whatever old releases write still passes, as
    with an enum label added. Under a NOT the list would refuse more: not this."""
    old, new = _IN_LIST.fullmatch(was), _IN_LIST.fullmatch(becomes)
    if old is None or new is None or re.search(r"\bNOT\b(?! NULL)", old["before"]):
        return False
    items = set(_ITEM.findall(old["items"])), set(_ITEM.findall(new["items"]))
    return (old["before"], old["after"]) == (new["before"], new["after"]) and items[0] < items[1]


def index_definition(thing: CatalogObject) -> str:
    """What a client relies on: columns, expressions, uniqueness, predicate (not storage
    options, tablespace or CLUSTER)."""
    definition = re.sub(r" (clustered|is the replica identity)", "", thing.definition)
    return re.sub(r" WITH \([^)]*\)| TABLESPACE \S+", "", definition)


def constraint_definition(thing: CatalogObject) -> str:
    """NOT VALID then VALIDATE is the safe way to add a constraint: the same one."""
    return thing.definition.removesuffix(" NOT VALID")


_UNIQUE_CONSTRAINT = re.compile(r"UNIQUE (NULLS NOT DISTINCT )?\(([^()]*)\)")
_UNIQUE_INDEX = re.compile(
    r"CREATE UNIQUE INDEX \S+ ON \S+ USING btree \(([^()]*)\)( NULLS NOT DISTINCT)?"
    r"(?: clustered)?(?: is the replica identity)?"  # how the snapshot goes on
)


def _unique_key(thing: CatalogObject) -> tuple[str, bool] | None:
    """What a unique constraint, or a unique index on plain columns (no expression,
    predicate or INCLUDE), guarantees: its columns, and whether NULLs are distinct."""
    if thing.kind == "constraint" and (found := _UNIQUE_CONSTRAINT.fullmatch(thing.definition)):
        return found[2], found[1] is None
    if thing.kind == "index" and (found := _UNIQUE_INDEX.fullmatch(thing.definition)):
        return found[1], found[2] is None
    return None


def declared_type(column: CatalogObject) -> str:
    """A column's type as its definition starts: `varchar(20) NOT NULL ...`."""
    return re.split(r" (?:NOT )?NULL\b", column.definition, maxsplit=1)[0]


def type_key(column: CatalogObject) -> list[str]:
    """A column's type OID, modifier and collation (which decides how it sorts and
    compares: `ORDER BY`, `=` and the unique constraints on it)."""
    return [*(column.identity.facts or "").split()[:2], collation(column)]


def not_null(column: CatalogObject) -> bool:
    """Whether a column is NOT NULL (its identity's facts: type, modifier, attnotnull)."""
    return (column.identity.facts or "").split()[2:] == ["true"]


def supplied(column: CatalogObject) -> str | None:
    """What the database writes into `column` when an INSERT leaves it out (the
    snapshot's definition: `type NULL DEFAULT expr GENERATED ... AS IDENTITY ...`)."""
    definition = column.definition
    if " GENERATED STORED" in definition:
        return "generated"
    if " GENERATED ALWAYS AS IDENTITY" in definition:
        return "identity always"
    if " GENERATED BY DEFAULT AS IDENTITY" in definition:
        return "identity"
    return "default" if " DEFAULT " in definition else None


def collation(column: CatalogObject) -> str:
    """A column's collation when it is not its type's (the snapshot says `COLLATE "C"`)."""
    found = _COLLATE.search(column.definition)
    return found.group(1) if found else "default"


_COLLATE = re.compile(r' COLLATE ((?:[\w.]*"(?:[^"]|"")*")|\S+)')


def columns_of(side: Side, relation: str) -> dict[str, CatalogObject]:
    """The columns of the table or view `relation` ("class OID"), by their own names."""
    oid = int(relation.split()[1])
    found = {}
    for key, identity in side.snapshot.identities.items():
        if key[0] == "column" and identity.table == oid:
            column = side.object(key)
            found[column.name.rsplit(".", 1)[1]] = column
    return found


_OFF = (" disabled", " enabled on replicas")  # a trigger that no longer fires on writes


def trigger_definition(upgrade: Upgrade, thing: CatalogObject, side: int) -> str:
    """A trigger as it fires: without its enabled state, its table named alike on both
    sides (a renamed table is rename-table's)."""
    definition = thing.definition
    for state in (*_OFF, " enabled always"):
        definition = definition.removesuffix(state)
    table = upgrade.sides[side].get(f"class {thing.identity.table}")
    return definition.replace(f" ON {table.name} ", " ON the table ") if table else definition


def is_trigger_function(function: CatalogObject) -> bool:
    """A trigger's function, which goes with its triggers (drop-trigger)."""
    return "\n RETURNS trigger\n" in function.definition


def fires(trigger: CatalogObject) -> bool:
    """Whether a trigger fires on the writes of a session (not disabled, not only on
    replicas)."""
    return not trigger.definition.endswith(_OFF)


PRIVILEGES = {
    "r": "SELECT", "a": "INSERT", "w": "UPDATE", "d": "DELETE", "D": "TRUNCATE",
    "x": "REFERENCES", "t": "TRIGGER", "X": "EXECUTE", "U": "USAGE", "C": "CREATE",
    "c": "CONNECT", "T": "TEMPORARY", "m": "MAINTAIN", "s": "SET", "A": "ALTER SYSTEM",
}  # fmt: skip
_ROLE = r'(?:"(?:[^"]|"")*"|[^,="{}])*'
_ACL_ITEM = re.compile(f"({_ROLE})=([A-Za-z*]*)/({_ROLE})")


def acl_grants(acl: str) -> dict[str, frozenset[str]]:
    """Who an ACL (`{role=arwd/owner,=X/owner}`) lets do what, but the roles that granted
    themselves (an owner's own privileges); PUBLIC for the empty grantee."""
    grants: dict[str, frozenset[str]] = {}
    for grantee, privileges, grantor in _ACL_ITEM.findall(acl):
        if grantee != grantor:
            grants[grantee or "PUBLIC"] = frozenset(privileges.replace("*", ""))
    return grants


def lost_privileges(
    had: Mapping[str, frozenset[str]], has: Mapping[str, frozenset[str]]
) -> Iterator[tuple[str, str]]:
    """Each role that had privileges in `had` and lacks some in `has`: (the role, the
    privileges it lost in words), by role."""
    for role, privileges in sorted(had.items()):
        if lost := privileges - has.get(role, frozenset()):
            yield role, ", ".join(sorted(PRIVILEGES.get(each, each) for each in lost))


# The snapshot's `public.` before a name (not inside a quoted name or after another).
_IN_DEFAULT_SCHEMA = re.compile(rf'(?<![\w".]){DEFAULT_SCHEMA}\.(?=[\w"])')
_PART = re.compile(r'"((?:[^"]|"")*)"|([^."]+)')


def rule_name(name: str) -> str:
    """A table, view or type the snapshot names `schema.name` (quoted where it must be),
    named as the gate, acknowledgements and deprecations name it (qualified())."""
    parts = [bare or quoted.replace('""', '"') for quoted, bare in _PART.findall(name)]
    return qualified(parts[0], parts[1]) if len(parts) == 2 else name


def bare(name: str) -> str:
    """An index's name without its schema."""
    return name.rsplit(".", 1)[-1]


def unquoted(name: str) -> str:
    """A name as a revision writes it: the catalog quotes identifiers (`"Email"`) and
    enum labels (`'sad'`, `E'...'` with a backslash)."""
    if name[:2] == "E'" and name.endswith("'"):
        return name[2:-1].replace("''", "'").replace("\\\\", "\\")
    for quote in "\"'":
        if len(name) > 1 and name[0] == name[-1] == quote:
            return name[1:-1].replace(quote * 2, quote)
    return name
