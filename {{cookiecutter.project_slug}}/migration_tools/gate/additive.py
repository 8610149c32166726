"""Only add: what upgrade() may not do to the existing schema, unless acknowledged."""

from collections.abc import Iterator

from alembic.operations import ops

from .acknowledgements import ACKNOWLEDGEABLE, Acknowledgement
from .recorder import Run
from .releases import parse_release, releases_between
from .revisions import Revision
from .rules import Violation, violation
from .settings import GateSettings

# rule, table, column (None for a table), what happened
Finding = tuple[str, str, str | None, str]


def check_additive(
    revision: Revision,
    upgrade: Run,
    acknowledgements: list[Acknowledgement],
    settings: GateSettings,
) -> list[Violation]:
    found: list[Violation] = []
    used: set[Acknowledgement] = set()
    created = _created_tables(upgrade)
    for step in upgrade.steps:
        for rule, table, column, message in _findings(step.operation, created):
            acknowledgement = next(
                (
                    entry
                    for entry in acknowledgements
                    if (entry.rule, entry.table, entry.column) == (rule, table, column)
                ),
                None,
            )
            if acknowledgement is not None and rule in ACKNOWLEDGEABLE:
                used.add(acknowledgement)
                too_recent = _too_recent(acknowledgement, settings)
                if too_recent is None:
                    continue
                message = f"{message}: {too_recent}"
            found.append(violation(rule, revision.path, step.line, message))
    for entry in acknowledgements:
        if entry not in used:
            message = f"acknowledges {entry.rule} of {entry.subject}, which upgrade() never does"
            found.append(
                violation(
                    "acknowledgement", revision.path, revision.line_of("acknowledged"), message
                )
            )
    return found


def judged_rules(upgrade: Run) -> set[str]:
    """The rules that saw one of upgrade()'s operations, acknowledged or not."""
    created = _created_tables(upgrade)
    return {finding[0] for step in upgrade.steps for finding in _findings(step.operation, created)}


def _created_tables(upgrade: Run) -> set[str]:
    return {
        step.operation.table_name
        for step in upgrade.steps
        if isinstance(step.operation, ops.CreateTableOp)
    }


def _findings(operation: ops.MigrateOperation, created: set[str]) -> Iterator[Finding]:
    match operation:
        case ops.RenameTableOp(table_name=old, new_table_name=new):
            yield "rename-table", old, None, f"renames table {old} to {new}"
        case ops.DropTableOp(table_name=table):
            yield "drop-table", table, None, f"drops table {table}"
        case ops.DropColumnOp(table_name=table, column_name=column):
            yield "drop-column", table, column, f"drops column {table}.{column}"
        case ops.AlterColumnOp(table_name=table, column_name=column):
            name = f"{table}.{column}"
            if operation.modify_name is not None:
                yield (
                    "rename-column",
                    table,
                    column,
                    f"renames column {name} to {operation.modify_name}",
                )
            if operation.modify_type is not None:
                yield (
                    "type-change",
                    table,
                    column,
                    f"changes the type of {name} to {operation.modify_type}",
                )
            if operation.modify_nullable is False:
                yield "set-not-null", table, column, f"makes existing column {name} NOT NULL"
        case ops.AddColumnOp(table_name=table, column=column) if table not in created:
            required = not column.nullable and column.identity is None and column.computed is None
            if required and column.server_default is None:
                message = f"adds NOT NULL column {table}.{column.name} with no server default"
                yield "not-null-without-default", table, column.name, message


def _too_recent(acknowledgement: Acknowledgement, settings: GateSettings) -> str | None:
    """Why the acknowledgement is not old enough yet, or None when it is."""
    if settings.version is None:
        return "acknowledged, but pyproject.toml has no [project] version to count releases"
    needed = settings.releases_before_drop
    try:
        passed = releases_between(acknowledgement.deprecated_in, settings.version)
    except ValueError as error:
        return f"acknowledged, but [project] version: {error}"
    if passed >= needed:
        return None
    major, minor = parse_release(acknowledgement.deprecated_in)
    return (
        f"deprecated in {acknowledgement.deprecated_in}, {passed} release(s) before the "
        f"current {settings.version}; it may ship from {major}.{minor + needed} "
        f"([tool.migration_tools] releases_before_drop = {needed})"
    )
