"""Acknowledgements: what lets a reviewed change through, read once for the gate and the
walk, and when a drop may ship.

A revision file runs in production and never imports the gate, so an acknowledgement is
plain data, a module-level list of dicts:

    acknowledged = [
        {
            "rule": "drop-column",
            "table": "users",
            "column": "nickname",
            "why": "replaced by display_name in 0.3; nothing reads it since 0.4",
        },
    ]

One shape for every rule: "table" names the table, or the view or type itself (an enum
label's type, too); "column" names what inside it the rule is about: a column, an index,
a constraint or an enum label. It is required for every rule but drop-table, drop-view
and drop-type, where it is not allowed.

Only drops wait for releases (`judge_drop`, the one judgement of the gate and the walk).
A column or a table counts from its declaration in the models (db/deprecation.py), and
goes only once the last release record (migrations/released.toml) shows that the code
still serving no longer maps it; an entry's "deprecated_in" is then optional, and must
agree with the declaration. What the models do not declare (views, indexes, constraints,
types, enum labels) counts from the entry's "deprecated_in", which they require.

Drops of views, indexes, constraints, types and enum labels, and the rest of the public
surface beyond tables and columns, are seen only on the catalog (the rules' `catalog`
recognisers), by the walk (walk/catalog.py), which matches these entries, counts their
releases and reports one that matches nothing; the gate checks their form only.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType

from {{ cookiecutter.project_slug }}.db.deprecation import Deprecation, parse_release

from .project import TOOL, RuleSettings
from .release import RECORD, find
from .rules import RULES, drops

VARIABLE = "acknowledged"
# Drops the gate sees no operation for (counted from the entry): only the walk's catalog
# rules judge them.
CATALOG_DROPS = drops("entry")
DECLARED_DROPS = drops("models")  # counted from the models' declarations
DROPS = DECLARED_DROPS | CATALOG_DROPS
# Every acknowledgeable rule the gate cannot see (the catalog's drops, and what it sees
# replaced, disabled, revoked or made stricter): the walk reports their unused entries.
CATALOG_ONLY = frozenset(
    rule.id for rule in RULES.values() if rule.acknowledge is not None and rule.seen == {"catalog"}
)
_ACKNOWLEDGED = {
    rule.id: rule.acknowledge
    for rule in RULES.values()
    if rule.acknowledge is not None and not rule.api
}
ACKNOWLEDGEABLE = frozenset(_ACKNOWLEDGED)
# their entries name no column
WHOLE = frozenset(rule for rule, how in _ACKNOWLEDGED.items() if how.names == "table")
_KEYS = {"rule", "table", "column", "deprecated_in", "why"}
UNACKNOWLEDGED = "due, once reviewed: add its `acknowledged` entry"


@dataclass(frozen=True)
class Acknowledgement:
    rule: str
    table: str
    column: str | None
    deprecated_in: str | None
    why: str

    @property
    def subject(self) -> str:
        return self.table if self.column is None else f"{self.table}.{self.column}"

    @property
    def key(self) -> "Key":
        return (self.rule, self.table, self.column)


# What an entry acknowledges, and what a change is: (rule, table, column or None).
Key = tuple[str, str | None, str | None]


def acknowledged_elsewhere(revision: str | None) -> str | None:
    """What to say of a change nothing in its revision acknowledges when an entry of
    `revision` (another, named) does: an entry covers its own revision's upgrade only."""
    if revision is None:
        return None
    return (
        f"acknowledged in revision {revision}, but an entry covers only the upgrade of "
        "the revision it is in: move it here"
    )


def never_done(entry: Acknowledgement, upgrade: str, done_by: str | None) -> str:
    """An entry that acknowledges nothing in its revision's upgrade; `done_by`: the
    revision (named) whose upgrade does what it acknowledges, if one does."""
    message = f"acknowledges {entry.rule} of {entry.subject}, which {upgrade} never does"
    if done_by is not None:
        message += (
            f"; revision {done_by} does: an entry covers only its own revision, move it there"
        )
    return message


class Elsewhere:
    """Which revisions of a history (each named) have entries their own upgrade never
    does, and which change what: to name the revision an entry belongs in when it is in
    another."""

    def __init__(self) -> None:
        self.acknowledged: dict[Key, list[str]] = {}
        self.changed: dict[Key, list[str]] = {}

    def add(self, name: str, unused: Iterable[Acknowledgement], changes: Iterable[Key]) -> None:
        for entry in unused:
            self.acknowledged.setdefault(entry.key, []).append(name)
        for key in changes:
            self.changed.setdefault(key, []).append(name)

    @staticmethod
    def other(found: Mapping[Key, list[str]], key: Key, here: str) -> str | None:
        """The first revision but `here` in `found` for `key`."""
        return next((name for name in found.get(key, ()) if name != here), None)


def read_entries(module: ModuleType) -> tuple[list[Acknowledgement], list[str]]:
    """A revision module's `acknowledged` entries, and what is wrong with the others."""
    declared = getattr(module, VARIABLE, [])
    if not isinstance(declared, list):
        return [], [f"`{VARIABLE}` must be a list of dicts"]
    entries: list[Acknowledgement] = []
    problems: list[str] = []
    for index, entry in enumerate(declared):
        problem = _problem(entry)
        if problem is None:
            entries.append(
                Acknowledgement(
                    rule=entry["rule"],
                    table=entry["table"],
                    column=entry.get("column"),
                    deprecated_in=entry.get("deprecated_in"),
                    why=entry["why"],
                )
            )
        else:
            problems.append(f"`{VARIABLE}[{index}]` {problem}")
    return entries, problems


def _problem(entry: object) -> str | None:
    """What is wrong with one entry, or None."""
    if not isinstance(entry, dict):
        return "must be a dict"
    if unknown := set(entry) - _KEYS:
        return f"has unknown keys: {', '.join(sorted(map(str, unknown)))}"
    if not all(isinstance(value, str) and value.strip() for value in entry.values()):
        return "must have non-empty strings as values"
    rule = entry.get("rule")
    if rule not in ACKNOWLEDGEABLE:
        return f"rule must be one of {', '.join(sorted(ACKNOWLEDGEABLE))} (renames never are)"
    required = {"rule", "table", "why"}
    required |= {"deprecated_in"} if rule in CATALOG_DROPS else set()
    required |= {"column"} if rule not in WHOLE else set()
    if missing := required - set(entry):
        return f"is missing {', '.join(sorted(missing))}"
    if rule in WHOLE and "column" in entry:
        return f"{rule} names no column"
    if "deprecated_in" in entry:
        try:
            parse_release(entry["deprecated_in"])
        except ValueError as error:
            return f"deprecated_in: {error}"
    return None


def releases_between(older: str, newer: str) -> int:
    """How many releases `newer` is after `older` (negative when it is before). Across
    majors the count is a lower bound, since the gate cannot know how many minors the
    older major still had: each major bump counts once, plus the newer minor
    (1.7 -> 2.0: 1 release; 1.7 -> 2.1: 2; 1.7 -> 3.0: 2)."""
    (old_major, old_minor), (new_major, new_minor) = parse_release(older), parse_release(newer)
    if new_major == old_major:
        return new_minor - old_minor
    if new_major < old_major:
        return -1
    return (new_major - old_major) + new_minor


def judge_drop(
    rule: str,
    table: str,
    column: str | None,
    settings: RuleSettings,
    declared: Sequence[Deprecation],
    entry: Acknowledgement | None = None,
) -> str | None:
    """Why the drop of `table`'s `column` (or the table, or the view, index, constraint,
    type or label of a catalog drop) may not ship yet, in words that say when it may; None
    when it may. The one judgement of the gate and of the walk's catalog rules."""
    version = settings.version
    if version is None:
        return "pyproject.toml has no [project] version to count releases"
    try:
        major, minor = parse_release(version)
    except ValueError as error:
        return f"[project] version: {error}"
    needed = settings.releases_before_drop
    if rule not in DECLARED_DROPS:  # what the models do not declare: the entry says
        if entry is None or entry.deprecated_in is None:
            return None  # unacknowledged: the finding says it
        return _old_enough(entry.deprecated_in, version, needed)
    declaration = find(declared, table, column)
    subject = table if column is None else f"{table}.{column}"
    if declaration is None:
        return (
            f'never declared deprecated; declare it deprecated("{major}.{minor}", '
            f"used=False) in the model once no code uses {subject}, ship that release, "
            f"then drop it from {major}.{minor + max(needed, 1)}"
        )
    since = declaration.since
    acknowledged_in = entry.deprecated_in if entry is not None else None
    if acknowledged_in is not None and _release_or_none(acknowledged_in) != parse_release(since):
        return (
            f"acknowledged as deprecated in {acknowledged_in}, but the model "
            f'declares deprecated("{since}")'
        )
    s_major, s_minor = parse_release(since)
    due = max((s_major, s_minor + needed), (major, minor + 1))
    then = f"then drop it from {due[0]}.{due[1]}"
    if declaration.used:
        return (
            f"deprecated in {since} but still used by this code; mark it "
            f'deprecated("{since}", used=False), ship that release, {then}'
        )
    released = settings.released
    if released is None:
        return (
            f"deprecated in {since}, but no release is recorded ({RECORD}; `make release` "
            f"writes it when a release is cut): ship a release that no longer uses it, {then}"
        )
    recorded = released.find(table, column)
    if recorded is None or recorded.used:
        said = "still uses it" if recorded else "did not declare it deprecated"
        return (
            f"deprecated in {since}, but the last release, {released.version}, {said} "
            f"({RECORD}); ship a release with used=False, {then}"
        )
    if parse_release(recorded.since) != parse_release(since):
        return (
            f"declared deprecated in {since}, but release {released.version} recorded "
            f"{recorded.since} ({RECORD}); a declaration's release never changes"
        )
    return _old_enough(since, version, needed)


def _release_or_none(version: str) -> tuple[int, int] | None:
    try:
        return parse_release(version)
    except ValueError:
        return None


def _old_enough(since: str, version: str, needed: int) -> str | None:
    try:
        why = not_old_enough(since, version, needed)
    except ValueError as error:
        return f"[project] version: {error}"
    if why is None:
        return None
    return f"{why} ([tool.{TOOL}] releases_before_drop = {needed})"


def not_old_enough(deprecated_in: str, version: str, needed: int) -> str | None:
    """Why what was deprecated in `deprecated_in` may not go yet at `version`, when
    `needed` releases must pass first; None when it may. (Columns and the API alike.)"""
    passed = releases_between(deprecated_in, version)
    if passed >= needed:
        return None
    return (
        f"deprecated in {deprecated_in}, {passed} release(s) before the current {version}; "
        f"it may ship from {first_release(deprecated_in, needed)}"
    )


def first_release(deprecated_in: str, needed: int) -> str:
    """The first release (MAJOR.MINOR) `needed` releases after `deprecated_in`."""
    major, minor = parse_release(deprecated_in)
    return f"{major}.{minor + needed}"
