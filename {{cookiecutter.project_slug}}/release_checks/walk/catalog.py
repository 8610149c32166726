"""The migration rules, judged on what an upgrade did to the catalog.

The gate (release_checks.gate) judges what a revision says when it runs offline; it
cannot see SQL that runs only online, DDL inside `DO` blocks or `EXECUTE`, or helpers that
build statements. The database sees all of it. The walk snapshots the catalog around each
upgrade (snapshot.py) and asks every rule seen on the catalog what it recognises in the
difference (its `catalog` recogniser, rules/; what it reads: rules/_catalog.py). What is
not recognition stays here: one change said once (with its partitions, its constraint's
index, its schema), and the judging of `acknowledged` entries and release counting, the
gate's own, read from it, never copied.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from alembic.script import Script
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from {{ cookiecutter.project_slug }}.db.deprecation import Deprecation

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
from release_checks.rules._catalog import (
    TABLES,
    CallProbe,
    CatalogChange,
    Upgrade,
    bare,
    rule_name,
    unquoted,
)
from release_checks.rules.one_table import SEVERAL_TABLES_BECAUSE
from release_checks.walk.snapshot import Snapshot
from release_checks.walk.stepper import end_transaction


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
    calls: CallProbe | None = None,
) -> Judgement:
    """What the upgrade of `revision`, which turned `before` into `after`, does against the
    rules, one line per change; acknowledged changes whose drop is due (the gate's own
    judgement, with the models' `declared` deprecations) pass. `elsewhere`: what the
    revisions of the history acknowledge, to name the one an entry is in when it is in
    another; `calls`: the database's answer on calls (call_probe())."""
    acknowledged = read_entries(revision.module)[0]  # the gate reports malformed ones
    here = revision_name(revision)
    used: set[Acknowledgement] = set()
    found = []
    findings = recognised(Upgrade(before, after, calls))
    several = [finding for finding in findings if finding.rule == "one-table"]
    findings = _once_per_schema([finding for finding in findings if finding not in several])
    findings = _once_per_partitioned_table(_once_per_constraint(findings), before)
    for finding in findings:
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
            found.append(f"{_line(finding)}: {said}" if said else _line(finding))
            continue
        used.add(entry)
        if reason is not None:
            found.append(f"{_line(finding)}: {reason}")
    unused = [entry for entry in acknowledged if entry not in used]
    reason = getattr(revision.module, SEVERAL_TABLES_BECAUSE, None)
    # A rename shows in how other tables print (a foreign key names the table): it is
    # refused already, and counting it again would only blur the finding.
    renamed = any(finding.rule.startswith("rename-") for finding in findings)
    if not renamed and not (isinstance(reason, str) and reason.strip()):
        found += map(_line, several)
    return Judgement(found, unused)


def recognised(upgrade: Upgrade) -> list[CatalogChange]:
    """What each rule seen on the catalog recognises in `upgrade`. A recogniser that
    fails is one finding of its rule that says so, not a traceback."""
    found: list[CatalogChange] = []
    for rule in RULES.values():
        if rule.catalog is None:
            continue
        try:
            found += rule.catalog(upgrade)
        except Exception as error:
            message = f"its recogniser failed on this upgrade ({type(error).__name__}: {error})"
            found.append(CatalogChange(rule.id, None, None, message))
    return found


def call_probe(connection: Connection) -> CallProbe:
    """The CallProbe of the database `connection` is on: each call is only prepared
    (parsed and resolved, never run), in a transaction rolled back."""

    def error(call: str) -> str | None:
        connection.exec_driver_sql("SAVEPOINT release_checks_call")
        try:
            connection.exec_driver_sql(f"PREPARE release_checks_call AS SELECT {call}")
        except DBAPIError as failure:
            connection.exec_driver_sql("ROLLBACK TO SAVEPOINT release_checks_call")
            return str(failure.orig).strip().splitlines()[-1]
        connection.exec_driver_sql("DEALLOCATE release_checks_call")
        return None

    def probe(call: str, without: Sequence[str]) -> tuple[str | None, str | None]:
        end_transaction(connection)
        transaction = connection.begin()
        try:
            after = error(call)
            connection.exec_driver_sql("SAVEPOINT release_checks_without")
            try:
                for function in without:
                    connection.exec_driver_sql(f"DROP FUNCTION {function}")
            except DBAPIError:  # another object depends on it: nothing to compare with
                return after, after
            return error(call), after
        finally:
            transaction.rollback()

    return probe


def _line(finding: CatalogChange) -> str:
    return f"{finding.rule}: {finding.message} ({RULES[finding.rule].hint})"


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
            parent[rule_name(name)] = rule_name(names.get(f"class {facts[0]}", ""))
        elif kind == "index" and len(facts) == 3:
            parent[unquoted(bare(name))] = unquoted(bare(names.get(f"class {facts[2]}", "")))
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


def _once_per_schema(findings: list[CatalogChange]) -> list[CatalogChange]:
    """Without what is said of the objects in a schema dropped or renamed (their drops,
    renames, privileges): one change, one finding."""
    schemas = {
        f"{finding.table}."
        for finding in findings
        if finding.rule in ("drop-schema", "rename-schema")
    }
    if not schemas:
        return findings
    return [finding for finding in findings if not (finding.table or "").startswith(tuple(schemas))]
