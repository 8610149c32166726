"""The migration rules, judged on what an upgrade did to the catalog.

The gate (release_checks.gate) judges what a revision says when it runs offline; it
cannot see SQL that runs only online, DDL inside `DO` blocks or `EXECUTE`, or helpers that
build statements. The database sees all of it. The walk snapshots the catalog around each
upgrade (snapshot.py); the snapshots carry identities (OIDs, a column's table OID and
number, an enum label's OID), so a renamed object is told from one dropped and another
added. The rules are the registry's (rules/; some are seen only here, on the catalog), the
`acknowledged` entries and the release counting the gate's own, read from it, never copied.
"""

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter

from alembic.script import Script

from {{ cookiecutter.project_slug }}.db.deprecation import Deprecation
from {{ cookiecutter.project_slug }}.db.schema_changes import qualified

from release_checks.acknowledgements import (
    DECLARED_DROPS,
    DROPS,
    UNACKNOWLEDGED,
    Acknowledgement,
    Elsewhere,
    acknowledged_elsewhere,
    judge_drop,
    never_done,
    read_entries,
)
from release_checks.history import revision_name
from release_checks.project import RuleSettings
from release_checks.rules import RULES
from release_checks.rules.one_table import SEVERAL_TABLES_BECAUSE
from release_checks.walk.snapshot import Identity, Snapshot

TABLES = {"table", "partitioned table", "foreign table"}
# what the rules call each kind of object the snapshot names
_NOUNS = {
    **dict.fromkeys(TABLES, "table"),
    "view": "view",
    "materialized view": "view",
    **dict.fromkeys(("enum", "domain", "range", "type", "composite type"), "type"),
    "index": "index",
    "constraint": "constraint",
    "enum label": "enum-label",
    "column": "column",
}


@dataclass(frozen=True)
class CatalogChange:
    rule: str
    table: str | None  # what an acknowledgement names: the table (view, type)...
    column: str | None  # ... and the column (or the index, constraint, label), unquoted
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message} ({RULES[self.rule].hint})"


@dataclass(frozen=True)
class Judgement:
    """What an upgrade does against the rules, one line each; and the entries that match
    nothing it does (the walk says those for a drop only the catalog sees once no later
    upgrade does it either; a later upgrade that does names the entry's revision)."""

    broken: list[str]
    unused: list[Acknowledgement]


def judge_upgrade(
    revision: Script,
    before: Snapshot,
    after: Snapshot,
    settings: RuleSettings,
    declared: Sequence[Deprecation] = (),
    elsewhere: Elsewhere | None = None,
) -> Judgement:
    """What the upgrade of `revision`, which turned `before` into `after`, does against the
    rules, one line per change; acknowledged changes whose drop is due (the gate's own
    judgement, with the models' `declared` deprecations) pass. `elsewhere`: what the
    revisions of the history acknowledge, to name the one an entry is in when it is in
    another."""
    from release_checks.walk.surface import surface_changes  # it reads this module's _Upgrade

    acknowledged = read_entries(revision.module)[0]  # the gate reports malformed ones
    here = revision_name(revision)
    used: set[Acknowledgement] = set()
    found = []
    change = _Upgrade(before, after)
    findings = _once_per_constraint(surface_changes(change, list(change.findings())))
    for finding in _once_per_partitioned_table(findings, before):
        key = (finding.rule, finding.table, finding.column)
        entry = next((entry for entry in acknowledged if entry.key == key), None)
        reason = None
        if finding.rule in DROPS and finding.table is not None:
            reason = judge_drop(
                finding.rule, finding.table, finding.column, settings, declared, entry
            )
        if entry is None:
            misplaced = None
            if elsewhere is not None:
                misplaced = acknowledged_elsewhere(
                    elsewhere.other(elsewhere.acknowledged, key, here)
                )
            said = (
                misplaced or reason or (UNACKNOWLEDGED if finding.rule in DECLARED_DROPS else None)
            )
            found.append(f"{finding}: {said}" if said else str(finding))
            continue
        used.add(entry)
        if reason is not None:
            found.append(f"{finding}: {reason}")
    unused = [entry for entry in acknowledged if entry not in used]
    reason = getattr(revision.module, SEVERAL_TABLES_BECAUSE, None)
    renamed = any(line.startswith("rename-") for line in found)
    # A rename shows in how other tables print (a foreign key names the table): it is
    # refused already, and counting it again would only blur the finding.
    if not renamed and not (isinstance(reason, str) and reason.strip()):
        found += _one_table(change)
    return Judgement(found, unused)


def never_done_line(entry: Acknowledgement) -> str:
    """The verdict's line on an entry for a drop only the catalog sees that no upgrade
    of the walk does."""
    message = never_done(entry, "the upgrade", None)
    return f"acknowledgement: {message} ({RULES['acknowledgement'].hint})"


def _once_per_partitioned_table(
    findings: list[CatalogChange], before: Snapshot
) -> list[CatalogChange]:
    """Without what a change to a partitioned table does to its partitions too (a column
    dropped, renamed, retyped or made NOT NULL, an index dropped or renamed on the table
    is on each partition): one change, one finding."""
    if not findings:
        return findings
    names = {identity.key: name for (_, name), identity in before.identities.items()}
    parent: dict[str | None, str] = {}  # a partition's name, or its index's -> the parent's
    for (kind, name), identity in before.identities.items():
        facts = (identity.facts or "").split()
        if kind in TABLES and facts:
            parent[_rule_name(name)] = _rule_name(names.get(f"class {facts[0]}", ""))
        elif kind == "index" and len(facts) == 3:
            parent[_unquoted(_bare(name))] = _unquoted(_bare(names.get(f"class {facts[2]}", "")))
    said = {(finding.rule, finding.table, finding.column) for finding in findings}
    return [
        finding
        for finding in findings
        if (
            finding.rule,
            parent.get(finding.table),
            parent.get(finding.column) if finding.rule.endswith("-index") else finding.column,
        )
        not in said
    ]


def _bare(name: str) -> str:
    """An index's name without its schema."""
    return name.rsplit(".", 1)[-1]


def _unquoted(name: str) -> str:
    """A name as a revision writes it: the catalog quotes identifiers (`"Email"`) and
    enum labels (`'sad'`, `E'...'` with a backslash)."""
    if name[:2] == "E'" and name.endswith("'"):
        return name[2:-1].replace("''", "'").replace("\\\\", "\\")
    for quote in "\"'":
        if len(name) > 1 and name[0] == name[-1] == quote:
            return name[1:-1].replace(quote * 2, quote)
    return name


def _once_per_constraint(findings: list[CatalogChange]) -> list[CatalogChange]:
    """Without the index that backs a primary key, unique or exclusion constraint (it
    has the constraint's name, and goes where the constraint goes)."""
    said = {(finding.rule, finding.table, finding.column) for finding in findings}
    return [
        finding
        for finding in findings
        if not finding.rule.endswith("-index")
        or (finding.rule.replace("-index", "-constraint"), finding.table, finding.column)
        not in said
    ]


_PART = re.compile(r'"((?:[^"]|"")*)"|([^."]+)')


def _rule_name(name: str) -> str:
    """A table, view or type the snapshot names `schema.name` (quoted where it must be),
    named as the gate, acknowledgements and deprecations name it (qualified())."""
    parts = [bare or quoted.replace('""', '"') for quoted, bare in _PART.findall(name)]
    return qualified(parts[0], parts[1]) if len(parts) == 2 else name


@dataclass
class _Object:
    kind: str
    name: str
    identity: Identity
    definition: str


_IDENTITY = attrgetter("key", "table", "facts")


def _changed(before: Snapshot, after: Snapshot) -> set[tuple[str, str]]:
    """The rows whose definition or identity differs, or that are in one snapshot only:
    the rest is the same object in both, which no rule has anything to say about. (The
    comparisons run in C; only what changed is looked at in Python.)"""
    keys = {key for key, _ in before.objects.items() ^ after.objects.items()}
    identities = [
        dict(zip(snapshot.identities, map(_IDENTITY, snapshot.identities.values()), strict=True))
        for snapshot in (before, after)
    ]
    return keys | {key for key, _ in identities[0].items() ^ identities[1].items()}


class _Side:
    """One snapshot: its changed rows by identity, and any row by identity on demand."""

    def __init__(self, snapshot: Snapshot, changed: set[tuple[str, str]]) -> None:
        self.snapshot = snapshot
        identities = snapshot.identities
        # identity key -> (kind, name), for all rows (owners' names are looked up here)
        self.keys = dict(zip(map(attrgetter("key"), identities.values()), identities, strict=True))
        self.changed = {
            identity.key: self.object(key)
            for key in identities
            if key in changed and (identity := identities[key]).key is not None
        }

    def object(self, key: tuple[str, str]) -> _Object:
        kind, name = key
        snapshot = self.snapshot
        return _Object(kind, name, snapshot.identities[key], snapshot.objects.get(key, ""))

    def get(self, identity_key: str) -> _Object | None:
        """The row of the object `identity_key`, changed or not."""
        key = self.keys.get(identity_key)
        return self.object(key) if key is not None else None


_UNIQUE_CONSTRAINT = re.compile(r"UNIQUE (NULLS NOT DISTINCT )?\(([^()]*)\)")
_UNIQUE_INDEX = re.compile(
    r"CREATE UNIQUE INDEX \S+ ON \S+ USING btree \(([^()]*)\)( NULLS NOT DISTINCT)?"
    r"(?: clustered)?(?: is the replica identity)?"  # how the snapshot goes on
)


def _unique_key(thing: _Object) -> tuple[str, bool] | None:
    """What a unique constraint, or a unique index on plain columns (no expression,
    predicate or INCLUDE), guarantees: its columns, and whether NULLs are distinct."""
    if thing.kind == "constraint" and (found := _UNIQUE_CONSTRAINT.fullmatch(thing.definition)):
        return found[2], found[1] is None
    if thing.kind == "index" and (found := _UNIQUE_INDEX.fullmatch(thing.definition)):
        return found[1], found[2] is None
    return None


def _column_type(column: _Object) -> str:
    """The type, as the column's definition starts: `varchar(20) NOT NULL ...`."""
    return re.split(r" (?:NOT )?NULL\b", column.definition, maxsplit=1)[0]


class _Upgrade:
    """One upgrade, as the difference between the catalog before and after it."""

    def __init__(self, before: Snapshot, after: Snapshot) -> None:
        self.changed = changed = _changed(before, after)
        self.sides = _Side(before, changed), _Side(after, changed)
        # the changed rows by identity key: only they can be dropped, renamed or altered
        self.before, self.after = self.sides[0].changed, self.sides[1].changed
        self.names_after: Mapping[tuple[str, str], Identity] = after.identities

    def own_name(self, thing: _Object, side: _Side) -> str:
        """A column's, constraint's or label's name without its table's or type's."""
        owner = None
        if thing.kind in ("column", "constraint") and thing.identity.table is not None:
            owner = side.get(f"class {thing.identity.table}")
        elif thing.kind == "enum label":
            owner = side.get(f"type {thing.identity.facts}")
        if owner is None:
            return thing.name
        return thing.name.removeprefix(owner.name + ".")

    def owner(self, thing: _Object) -> str | None:
        table = self.sides[0].get(f"class {thing.identity.table}")
        return table.name if table is not None else None

    def findings(self) -> Iterator[CatalogChange]:
        dropped = {key: thing for key, thing in self.before.items() if key not in self.after}
        dropped_columns = {  # (table OID, attribute number)
            (thing.identity.table, int(key.rsplit(".", 1)[1]))
            for key, thing in dropped.items()
            if thing.kind == "column"
        }
        dropped_types = {
            (thing.identity.facts or "").split()[0]
            for thing in dropped.values()
            if thing.kind == "column"
        }

        def goes_with_a_drop(thing: _Object) -> bool:
            """Dropped along with its table (or view) or one of its columns, or an enum
            label with its type: one change, one finding."""
            table = thing.identity.table
            if thing.kind not in TABLES and f"class {table}" in dropped:
                return True
            if thing.kind in ("index", "constraint") and table is not None:
                columns, referenced, *_ = (thing.identity.facts or "{} 0").split()
                if f"class {referenced}" in dropped:  # a foreign key to a dropped table
                    return True
                numbers = re.findall(r"\d+", columns)
                return any((table, int(number)) in dropped_columns for number in numbers)
            if thing.kind == "enum label":
                if (thing.kind, thing.name) in self.names_after:
                    return True  # its type was made again, with this label
                type_name = thing.name.removesuffix("." + self.own_name(thing, self.sides[0]))
                made_again = ("enum", type_name) in self.names_after
                return f"type {thing.identity.facts}" in dropped and not made_again
            return False

        for key, old in self.before.items():
            noun = _NOUNS.get(old.kind)
            if noun is None:
                continue
            new = self.after.get(key)
            if new is None:
                if not goes_with_a_drop(old):
                    yield from self.dropped(old, noun, dropped_types)
                continue
            old_name = self.own_name(old, self.sides[0])
            new_name = self.own_name(new, self.sides[1])
            if old_name != new_name:
                message = f"renames {old.kind} {old.name} to {new_name}"
                yield self.finding(f"rename-{noun}", old, message)
            if old.kind == "column":
                yield from self.altered_column(old, new)

    def finding(self, rule: str, thing: _Object, message: str) -> CatalogChange:
        """Named as an `acknowledged` entry names it: "table" the table, or the view or
        type itself (an enum label's type); "column" the column, index, constraint or
        label in it."""
        if thing.kind in TABLES:
            return CatalogChange(rule, _rule_name(thing.name), None, message)
        if thing.identity.table is not None:  # a column, index or constraint of a table
            own_name = _bare(self.own_name(thing, self.sides[0]))
            owner = self.owner(thing)
            table = _rule_name(owner) if owner is not None else None
            return CatalogChange(rule, table, _unquoted(own_name), message)
        if thing.kind == "enum label":
            label = self.own_name(thing, self.sides[0])
            type_name = _rule_name(thing.name.removesuffix(f".{label}"))
            return CatalogChange(rule, type_name, _unquoted(label), message)
        if thing.kind == "constraint":  # a domain's
            domain, _, name = thing.name.rpartition(".")
            return CatalogChange(rule, _rule_name(domain), _unquoted(name), message)
        return CatalogChange(rule, _rule_name(thing.name), None, message)

    def dropped(self, old: _Object, noun: str, dropped_types: set[str]) -> Iterator[CatalogChange]:
        if noun == "enum-label":
            type_name = old.name.rsplit(".", 1)[0]
            label = self.own_name(old, self.sides[0])
            yield self.finding("drop-enum-label", old, f"removes label {label} of {type_name}")
        elif noun == "type" and old.identity.key.split()[1] in dropped_types:
            return  # the columns of this type were dropped, and said so
        elif noun not in ("table", "column") and (old.kind, old.name) in self.names_after:
            # Made again under the same name: PostgreSQL rebuilds the indexes and
            # constraints of a column whose type changes; a type made again shows in its
            # labels and its columns. (A table or a column made again is still a drop:
            # its data is gone.)
            return
        elif noun in ("constraint", "index") and self.uniqueness_kept(old):
            return  # a unique constraint replaced by a unique index, or the other way round
        else:
            yield self.finding(f"drop-{noun}", old, f"drops {old.kind} {old.name}")

    def uniqueness_kept(self, old: _Object) -> bool:
        """Whether `old`, a unique constraint or a plain unique index, is replaced by
        another on the same columns of the same table after the upgrade: readers keep
        the same guarantee (and ON CONFLICT the same target)."""
        key = _unique_key(old)
        if key is None:
            return False
        after = self.sides[1].snapshot
        return any(
            _unique_key(_Object(kind, name, identity, after.objects.get((kind, name), ""))) == key
            for (kind, name), identity in after.identities.items()
            if kind in ("constraint", "index") and identity.table == old.identity.table
        )

    def labels_lost(self, type_oid: str) -> bool:
        """Whether an enum type made again under its name lacks a label it had."""
        return any(
            thing.kind == "enum label"
            and thing.identity.facts == type_oid
            and (thing.kind, thing.name) not in self.names_after
            for thing in self.before.values()
        )

    def altered_column(self, old: _Object, new: _Object) -> Iterator[CatalogChange]:
        old_type, old_modifier, old_not_null = (old.identity.facts or "").split()
        new_type, new_modifier, new_not_null = (new.identity.facts or "").split()
        name = new.name
        if (old_type, old_modifier) != (new_type, new_modifier):
            was, becomes = _column_type(old), _column_type(new)
            if was == becomes:  # the type was made again under its name
                if self.labels_lost(old_type):
                    return  # to remove a label: the label's finding says it
                becomes += f" (a new type {becomes}, made again under the old one's name)"
            message = f"changes the type of column {name} from {was} to {becomes}"
            yield self.finding("type-change", old, message)
        if old_not_null == "false" and new_not_null == "true":
            yield self.finding("set-not-null", old, f"makes existing column {name} NOT NULL")


def _one_table(change: _Upgrade) -> list[str]:
    """More than one table that existed before the upgrade changed. A table's own rows
    (columns, indexes, constraints, triggers, policies, grants, comments...) are what it
    is; a new table's foreign key to an old one changes only the new table, a foreign
    key to a dropped table goes with that table, and a partition's changes count as its
    partitioned table's. (A row the same in both snapshots is in a table's rows before and
    after alike: the changed rows decide.)"""
    before, after = change.sides
    changed_rows = [
        (side, key, side.snapshot.identities[key])
        for side in change.sides
        for key in change.changed
        if key in side.snapshot.identities
    ]

    def table_name(side: _Side, table: int | None) -> str | None:
        thing = side.get(f"class {table}")
        return thing.name if thing is not None and thing.kind in TABLES else None

    tables: dict[int, str] = {
        table: name
        for _side, _key, identity in changed_rows
        if (table := identity.table) is not None and (name := table_name(before, table)) is not None
    }
    dropped = {str(table) for table in tables if after.get(f"class {table}") is None}

    def parent(table: int) -> int | None:
        for side in (after, before):  # a partition's table as the upgrade left it
            thing = side.get(f"class {table}")
            if thing is not None and thing.kind in TABLES and thing.identity.facts:
                return int(thing.identity.facts)
        return None

    def rows(side: _Side) -> dict[int, set[tuple[str, str, str | None]]]:
        found: dict[int, set[tuple[str, str, str | None]]] = {}
        for row_side, (kind, name), identity in changed_rows:
            if row_side is not side:
                continue
            if kind == "constraint" and (identity.facts or " ").split(" ")[1] in dropped:
                continue  # a foreign key to a dropped table goes with it
            if (table := identity.table) is not None and table in tables:
                found.setdefault(table, set()).add(
                    (kind, name, side.snapshot.objects.get((kind, name)))
                )
        return found

    old, new = rows(before), rows(after)
    changed = set()
    for table in tables:
        if old.get(table) != new.get(table):
            while (up := parent(table)) is not None:
                table = up
            changed.add(tables.get(table) or table_name(before, table) or str(table))
    if len(changed) <= 1:
        return []
    names = sorted(changed)
    message = f"changes {len(names)} tables that existed before it: {', '.join(names)}"
    return [f"one-table: {message} ({RULES['one-table'].hint})"]
