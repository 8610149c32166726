"""The whole gate: every rule on every revision of migrations/versions/, without a
database. Code that runs only online is read from the revision's text (online.py) and
judged like the rest. What it cannot see (what online-only code does when it runs, SQL
built at run time, squawk-ignore comments) is a note naming the check that judges it on
the database instead: the walk, `pytest -m migrations`. Downgrades are held only to being
written: whether one undoes its upgrade exactly is the walk's no-trace check, which
compares the catalogs.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

import {{ cookiecutter.project_slug }}.models  # noqa: F401  (registers every table, as env.py does)
from {{ cookiecutter.project_slug }}.db import Base
from {{ cookiecutter.project_slug }}.db.deprecation import Deprecation, deprecations

from ..acknowledgements import CATALOG_ONLY, Elsewhere, read_entries
from ..history import revision_name
from ..project import PROJECT_ROOT, GateError, RuleSettings, alembic_config, read_settings
from ..release import unknown_head
from ..report import Finding, Report
from ..rules import Change, drop_default, set_not_null
from ..rules._operations import created_tables, table_of
from ..rules.not_null_without_default import (
    added_with_default,
    required_later,
    unfilled_by_operation,
)
from ..rules.one_table import SEVERAL_TABLES_BECAUSE
from ..rules.set_not_null import kept_not_null
from .additive import check_additive
from .branches import check_branches
from .columns import Known, known_columns
from .findings import violation
from .history import check_history
from .online import WHERE, OnlineCode, read_online
from .recognise import in_operation
from .recording import Recording, Run, Step, record
from .report import gate_report
from .revisions import Revision, read_revision_files
from .sql import ReadSQL, read
from .squawk import run_squawk, with_dropped_tables

DEFAULT_FILE_TEMPLATE = "%(rev)s_%(slug)s"  # Alembic's own, when alembic.ini sets none


def lint(config: Config | None = None, root: Path = PROJECT_ROOT) -> Report:
    """Check every revision of the project (or of `config`'s script location); the report
    lists what breaks which rule, and what the gate leaves to the walk."""
    config = config or alembic_config()
    settings = read_settings(root)
    script = ScriptDirectory.from_config(config)
    revisions, findings, unloaded = read_revision_files(script)
    released = _released(revisions, unloaded, settings)
    file_template = config.get_main_option("file_template") or DEFAULT_FILE_TEMPLATE
    findings += [
        found
        for found in check_history(revisions, unloaded, file_template)
        if found.rule == "one-line" or Path(found.file) not in released
    ]
    recordings, preamble = record(revisions, config, script)
    declared = deprecations(Base.metadata)
    judged = [revision for revision in revisions if revision.path not in released]
    # Online-only branches never run offline: read from the text, judged all the same.
    online = {revision: read_online(revision) for revision in revisions}
    known = known_columns(revisions, recordings, online)
    read_ups = {
        revision: read_upgrade(recordings[revision], online[revision], known.get(revision, Known()))
        for revision in judged
    }
    elsewhere = Elsewhere()
    for revision, read_up in read_ups.items():
        entries = read_entries(revision.script.module)[0]
        changes = {change.key for change, _ in read_up.changes}
        acknowledged = {entry.key for entry in entries}
        # its entries for changes the gate sees that it does not make, and the changes it
        # makes that none of its entries acknowledges
        unused = [entry for entry in entries if entry.rule not in CATALOG_ONLY]
        unused = [entry for entry in unused if entry.key not in changes]
        elsewhere.add(revision_name(revision.script), unused, changes - acknowledged)
    for revision in judged:
        recording = recordings[revision]
        findings += check_revision(
            revision, recording, read_ups[revision], settings, declared, elsewhere
        )
    findings += run_squawk(
        {
            revision: recordings[revision]
            for revision in judged
            if recordings[revision].upgrade.failure is None
            and not recordings[revision].upgrade.unwritten
        },
        preamble,
        settings.postgres_version,
        settings.squawk_refuse,
    )
    findings.sort(key=lambda found: (found.file, found.line or 0, found.rule))
    return gate_report(root, len(revisions), findings, len(released))


def _released(revisions: list[Revision], unloaded: set[str], settings: RuleSettings) -> set[Path]:
    """The files of the revisions the last release shipped (migrations/released.toml's
    head and below): the rules no longer judge them (the walk still runs them)."""
    head = settings.released.head if settings.released is not None else None
    by_id = {revision.id: revision for revision in revisions}
    if head is None or head in unloaded:
        return set()
    if head not in by_id:
        raise GateError(unknown_head(head))
    released: set[Path] = set()
    parent: object = head
    while isinstance(parent, str) and parent in by_id and by_id[parent].path not in released:
        released.add(by_id[parent].path)
        parent = by_id[parent].script.down_revision
    return released


@dataclass(frozen=True)
class ReadUpgrade:
    """What upgrade() does, offline and read from the text of its online-only code."""

    online: OnlineCode
    raw: ReadSQL  # the SQL it rendered offline
    online_raw: ReadSQL  # the SQL of its online-only code
    changes: list[tuple[Change, int]]  # to what existed, each once, with its first line
    # a rule whose recogniser raised: (rule, what went wrong, line)
    failures: list[tuple[str, str, int]]


def read_upgrade(recording: Recording, online: OnlineCode, known: Known) -> ReadUpgrade:
    """`online`: its online-only code; `known`: what the history left its columns
    (columns.py)."""
    upgrade = recording.upgrade
    steps = [*upgrade.steps, *online.steps]
    created = created_tables(step.operation for step in steps)
    raw = read(upgrade.statements, created)
    online_raw = read(online.statements, created)
    failures: list[tuple[str, str, int]] = []
    together = _as_one_upgrade(steps, [raw, online_raw], created, known)
    online_changes = [
        (replace(change, message=f"{change.message} ({WHERE})"), line)
        for change, line in together(_changes(online, online_raw, created, failures))
        if not change.restores
    ]
    changes = _once(_settled(together(_changes(upgrade, raw, created, failures))) + online_changes)
    return ReadUpgrade(online, raw, online_raw, changes, failures)


def _as_one_upgrade(
    steps: list[Step], sql: list[ReadSQL], created: set[str], known: Known
) -> Callable[[list[tuple[Change, int]]], list[tuple[Change, int]]]:
    """What makes changes read as the whole upgrade says, which no recogniser sees from
    one operation or statement: a column it adds with nothing to fill it, then makes NOT
    NULL, or NOT NULL with a default it then drops, is added NOT NULL; a column NOT NULL
    already (as an operation says, or the history left it) is not made so; a column the
    history left with nothing to fill it loses nothing. Read once, for upgrade() and its
    online-only code alike."""
    operations = [step.operation for step in steps]
    unfilled = {
        (found.table, found.column)
        for each in operations
        for found in unfilled_by_operation(each, created)
        if not found.user_defined
    }
    added_defaulted = {
        (table, column): required
        for each in operations
        for table, column, required in added_with_default(each, created)
    }
    kept = {found for each in operations for found in kept_not_null(each, created)}
    for read_sql in sql:
        unfilled |= read_sql.unfilled
        added_defaulted |= read_sql.added_defaulted
    # rule -> the columns on which its changes change nothing
    moot = {
        set_not_null.RULE.id: frozenset(kept) | known.not_null,
        drop_default.RULE.id: known.unfilled,
    }

    def together(changes: list[tuple[Change, int]]) -> list[tuple[Change, int]]:
        return [
            (change, line)
            for change, line in required_later(changes, unfilled, added_defaulted)
            if (change.table, change.column) not in moot.get(change.rule, frozenset())
        ]

    return together


def check_revision(
    revision: Revision,
    recording: Recording,
    read_up: ReadUpgrade,
    settings: RuleSettings,
    declared: list[Deprecation],
    elsewhere: Elsewhere,
) -> list[Finding]:
    """`read_up`: what read_upgrade() read of it; `elsewhere`: what the revisions of the
    history acknowledge and change, to name the one an entry belongs in."""
    raw, online_raw = read_up.raw, read_up.online_raw
    return [
        *_unseen(revision, raw, recording.upgrade),
        *(
            violation("opaque-sql", revision.path, line, f"{message} ({WHERE})")
            for message, line in online_raw.opaque
        ),
        *_offline_failures(revision, recording),
        *(
            violation(rule, revision.path, line, message)
            for rule, message, line in read_up.failures
        ),
        *check_additive(revision, read_up.changes, settings, declared, elsewhere),
        *_one_table(
            revision,
            [*recording.upgrade.steps, *read_up.online.steps],
            [*raw.tables, *online_raw.tables],
            {**raw.partitions, **online_raw.partitions},
            with_dropped_tables(recording),
        ),
        *_downgrade_written(revision, recording, raw),
        *check_branches(revision),
    ]


def _unseen(revision: Revision, raw: ReadSQL, upgrade: Run) -> list[Finding]:
    """Notes on what the gate cannot see, for the walk to judge."""
    path = revision.path
    asks = dict(reversed(upgrade.asks_offline))  # each line once, with its first ask
    return [
        *(
            violation(
                "online-only",
                path,
                line,
                f"calls code that asks whether it runs offline ({where}): what it does "
                "online, the gate can neither record nor read",
            )
            for line, where in sorted(asks.items())
        ),
        *(
            violation(
                "online-only",
                path,
                line,
                "a branch of this `if` never runs offline: the gate read its operations and "
                "SQL from the text",
            )
            for line in revision.online_only()
        ),
        *(violation("opaque-sql", path, line, message) for message, line in raw.opaque),
        *(
            violation("squawk-ignore", path, line, f"`{comment}` switches squawk off")
            for comment, line in raw.squawk_ignores
        ),
    ]


def _offline_failures(revision: Revision, recording: Recording) -> list[Finding]:
    found = []
    for name, run in (("upgrade", recording.upgrade), ("downgrade", recording.downgrade)):
        if run.failure is not None:
            message = f"{name}() fails offline: {run.failure.message}"
            found.append(violation("offline-sql", revision.path, run.failure.line, message))
    if recording.upgrade.unwritten:
        message = "upgrade() is unwritten: it raises NotImplementedError"
        found.append(violation("offline-sql", revision.path, recording.upgrade.line, message))
    return found


def _changes(
    upgrade: Run | OnlineCode,
    raw: ReadSQL,
    created: set[str],
    failures: list[tuple[str, str, int]],
) -> list[tuple[Change, int]]:
    """What upgrade() does to what existed, with its lines; what no rule could judge is
    added to `failures`."""
    found = []
    for step in upgrade.steps:
        recognised = in_operation(step.operation, created)
        found += [(change, step.line) for change in recognised.changes]
        failures += [(rule, message, step.line) for rule, message in recognised.failures]
    failures += raw.failures
    return found + raw.changes


def _settled(found: list[tuple[Change, int]]) -> list[tuple[Change, int]]:
    """`found` without what a later step of upgrade() gives back (a default dropped, then
    set again) and without the steps that give it back, read in the order upgrade() runs
    them; the rest in the order found, operations before the SQL they render (a batch's
    SQL comes at its `with` line, and says less). Online-only code is not settled so: its
    branches may not run."""
    gone: set[int] = set()
    in_order = sorted(range(len(found)), key=lambda index: found[index][1])
    for position, index in enumerate(in_order):
        change = found[index][0]
        if change.restores:
            gone |= {index, *(i for i in in_order[:position] if found[i][0].key == change.key)}
    return [pair for index, pair in enumerate(found) if index not in gone]


def _once(found: list[tuple[Change, int]]) -> list[tuple[Change, int]]:
    """Each change once, with its first line: an operation and the SQL it rendered say
    the same thing, and so may a helper that runs offline and is read online."""
    judged: dict[tuple[str, str, str | None], tuple[Change, int]] = {}
    for change, line in found:
        judged.setdefault(change.key, (change, line))
    return list(judged.values())


def _one_table(
    revision: Revision,
    steps: list[Step],
    raw_tables: list[tuple[str, int]],
    partitions: dict[str, str],
    with_dropped: set[int],
) -> list[Finding]:
    """`partitions`: a partition -> its partitioned table, which a change to it (its
    creation, attaching or detaching it) counts as, as on the walk's catalog. A table the
    revision creates counts (one revision per table, new ones too); a foreign key to a
    table it drops goes with that table (lines `with_dropped`)."""
    reason = getattr(revision.script.module, SEVERAL_TABLES_BECAUSE, None)
    if isinstance(reason, str) and reason.strip():
        return []
    first_lines: dict[str, int] = {}  # each table changed, with the first line that does
    # Batch operations render when their block ends: their operations name the table.
    named = [(table_of(step.operation), step.line) for step in steps]
    for table, line in sorted([*raw_tables, *named], key=lambda pair: pair[1]):
        seen: set[str] = set()
        while table in partitions and table not in seen:  # a partition of a partition too
            seen.add(table)
            table = partitions[table]
        if table is not None and line not in with_dropped:
            first_lines.setdefault(table, line)
    if len(first_lines) < 2:
        return []
    *most, last = first_lines
    message = (
        f"changes {', '.join(most)} and {last}; one table per revision, "
        f"or set `{SEVERAL_TABLES_BECAUSE}`"
    )
    second = list(first_lines.values())[1]
    return [violation("one-table", revision.path, second, message)]


def _downgrade_written(revision: Revision, recording: Recording, raw: ReadSQL) -> list[Finding]:
    """downgrade() is written, and does something when upgrade() leaves a trace. Whether
    it undoes upgrade() exactly is the walk's no-trace check."""
    upgrade, downgrade = recording.upgrade, recording.downgrade
    if downgrade.missing:
        message = "has no downgrade() function: `alembic downgrade` fails on it"
        return [violation("downgrade-empty", revision.path, downgrade.line, message)]
    if downgrade.unwritten:
        message = "downgrade() is unwritten: it raises NotImplementedError"
        return [violation("downgrade-empty", revision.path, downgrade.line, message)]
    if upgrade.failure or downgrade.failure or upgrade.unwritten:
        return []  # offline-sql reports it; what was recorded is incomplete
    if downgrade.asks_offline:
        return []  # it may undo online what it skips offline: the walk judges it
    if raw.leaves_trace and not (downgrade.steps or downgrade.statements):
        message = "downgrade() does nothing, while upgrade() changes the schema"
        return [violation("downgrade-empty", revision.path, downgrade.line, message)]
    return []
