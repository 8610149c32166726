"""`make deprecations`: what is deprecated, when it may go, and who still reads it.

The schema's deprecations are the models' own declarations (`db/deprecation.py`), the
API's the `x-deprecation` records of the committed openapi.json; both are counted as the
gates count them (`releases_before_drop` releases after the one that deprecated them).
Given a database URL, it reads that database's pg_stat_statements, in a read-only
transaction, for the statements that name each deprecated column: evidence of the clients
(other services, reports, the release still running) that would break on its drop.
"""

import asyncio
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import MetaData, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from {{ cookiecutter.project_slug }}.db.connect import (
    connect,
    create_direct_engine,
    describe,
    reason,
)
from {{ cookiecutter.project_slug }}.db.deprecation import Deprecation, deprecations
from {{ cookiecutter.project_slug }}.db.errors import OperatorError
from {{ cookiecutter.project_slug }}.settings import parse_database_url

from .acknowledgements import first_release, judge_drop, not_old_enough
from .project import RuleSettings
from .statements import names, read_statement

EXTENSION = "pg_stat_statements"
ENABLE = (
    f"add {EXTENSION} to shared_preload_libraries (a server restart), then "
    f"CREATE EXTENSION {EXTENSION}; in this database (docs/migrations.md, 'Evidence before a "
    "drop')"
)
SHOWN = 5  # statements shown per deprecated column, those called most first


class EvidenceError(OperatorError):
    """The database could not say who reads the deprecated columns."""


@dataclass(frozen=True)
class Statement:
    role: str
    calls: int
    query: str


def when(since: str, settings: RuleSettings, *, removal: str = "dropped") -> str:
    """When what was deprecated in `since` may go, in the gates' counting."""
    first = first_release(since, settings.releases_before_drop)
    if settings.version is None:
        return f"may be {removal} from {first} (pyproject.toml has no [project] version)"
    if not_old_enough(since, settings.version, settings.releases_before_drop) is None:
        return f"may be {removal} now (from {first}; this is {settings.version})"
    return f"may be {removal} from {first} (not yet: this is {settings.version})"


def schema_lines(found: list[Deprecation], settings: RuleSettings) -> list[str]:
    """One line per declaration: may it be dropped now, and if not, when; in the words
    of the gate, whose judgement (judge_drop, the release record included) it is."""
    lines = []
    for item in found:
        rule = "drop-table" if item.column is None else "drop-column"
        why = judge_drop(rule, item.table, item.column, settings, found)
        verdict = (
            f"deprecated in {item.since}, no longer used; may be dropped now"
            if why is None
            else why
        )
        kind = "table " if item.column is None else ""
        lines.append(f"  {kind}{item.subject}: {verdict}")
    return lines


async def statements(url: str) -> tuple[str, dict[str, set[str]], list[Any]]:
    """(where, the columns of every table of the database, pg_stat_statements' rows of
    this database) read in one read-only transaction."""
    try:
        database = parse_database_url(url)
    except ValueError as error:
        raise EvidenceError(f"invalid database URL: {error}") from None
    # Read only from the first statement on (SQLAlchemy's own probes included); then in a
    # read-only transaction as well.
    read_only = {"application_name": "make deprecations", "default_transaction_read_only": "on"}
    engine = create_direct_engine(database, read_only)
    where = describe(database)
    try:
        async with connect(engine) as connection:
            readonly = await connection.execution_options(postgresql_readonly=True)
            async with readonly.begin():
                return where, await _catalog(readonly), await _read(readonly, where)
    except (OSError, DBAPIError) as error:  # lost on the way: still one line
        raise EvidenceError(f"reading {where} failed: {reason(error)}") from None
    finally:
        await engine.dispose()


async def _catalog(connection: AsyncConnection) -> dict[str, set[str]]:
    rows = await connection.execute(
        text(
            "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0"
            " AND NOT a.attisdropped AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
        )
    )
    columns: dict[str, set[str]] = defaultdict(set)
    for table, column in rows:
        columns[table].add(column)
    return columns


async def _read(connection: AsyncConnection, where: str) -> list[Any]:
    schema = (
        await connection.execute(
            text(
                "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n"
                " ON n.oid = e.extnamespace WHERE e.extname = :name"
            ),
            {"name": EXTENSION},
        )
    ).scalar()
    if schema is None:
        raise EvidenceError(f"{EXTENSION} is not installed in {where}: {ENABLE}")
    view = f'"{schema.replace(chr(34), chr(34) * 2)}".{EXTENSION}'
    try:
        result = await connection.execute(
            text(
                f"SELECT coalesce(r.rolname, s.userid::text), s.calls, s.query FROM {view} s"  # noqa: S608 (the schema is quoted)
                " LEFT JOIN pg_roles r ON r.oid = s.userid"
                " WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
            )
        )
    except DBAPIError as error:
        said = (str(error.orig).splitlines() or [""])[0]
        said = said.rpartition(": ")[2] if "shared_preload_libraries" not in said else said
        if "shared_preload_libraries" in said:
            raise EvidenceError(f"{EXTENSION} is not loaded on {where}: {ENABLE}") from None
        raise EvidenceError(
            f"cannot read {EXTENSION} in {where}: {said} (grant pg_read_all_stats to the user)"
        ) from None
    return list(result)


def evidence_lines(
    found: list[Deprecation],
    where: str,
    catalog: dict[str, set[str]],
    rows: list[Any],
) -> list[str]:
    hidden = sum(1 for _, _, query in rows if query == "<insufficient privilege>")
    read = [Statement(role, calls, query) for role, calls, query in rows if _readable(query)]
    lines = [f"{EXTENSION} of {where} ({len(read)} statements):"]
    parsed = [(statement, read_statement(statement.query, catalog)) for statement in read]
    for item in found:
        subject = item.table if item.column is None else f"{item.table}.{item.column}"
        schema, _, table = item.table.rpartition(".")  # schema.name outside the default
        naming: list[Statement] = []
        starring: list[Statement] = []
        for statement, named in parsed:
            verdict = names(named, table, item.column, schema or None)
            if verdict == "column":
                naming.append(statement)
            elif verdict == "every column":
                starring.append(statement)
        if not naming and not starring:
            lines.append(f"  {subject}: no statement names it")
            continue
        if naming:
            lines.append(f"  {subject}: {_summary(naming)} name it")
            lines += _shown(naming)
        if starring:
            lines.append(f"  {subject}: {_summary(starring)} read every column of {table}")
            lines += _shown(starring)
    if hidden:
        lines.append(
            f"  {hidden} statements of other users are hidden from this user: "
            "grant it pg_read_all_stats to see them"
        )
    return lines


def _readable(query: object) -> bool:
    return isinstance(query, str) and query != "<insufficient privilege>"


def _summary(found: list[Statement]) -> str:
    calls = sum(statement.calls for statement in found)
    roles = ", ".join(sorted({statement.role for statement in found}))
    return f"{len(found)} statement(s), {calls} call(s), by {roles},"


def _shown(found: list[Statement]) -> list[str]:
    ranked = sorted(found, key=lambda statement: -statement.calls)
    lines = []
    for statement in ranked[:SHOWN]:
        query = " ".join(statement.query.split())
        query = query if len(query) <= 100 else query[:99] + "…"
        lines.append(f"      {statement.calls:>8}  {statement.role}: {query}")
    if len(ranked) > SHOWN:
        lines.append(f"      ... and {len(ranked) - SHOWN} more")
    return lines


def report(
    metadata: MetaData,
    settings: RuleSettings,
    url: str | None,
    api: Callable[[RuleSettings], list[str]] | None = None,
    say: Callable[[str], None] = print,
) -> None:
    """Print the deprecations of the schema and, with `api`, the lines it gives for the
    API's; with `url`, the statements naming each deprecated column there. Raises
    EvidenceError, after the listing, when the database cannot tell."""
    found = deprecations(metadata)
    counting = f"releases_before_drop = {settings.releases_before_drop}"
    say(f"schema deprecations (the models; {counting}):")
    for line in schema_lines(found, settings) or ["  none declared"]:
        say(line)
    if api is not None:
        say(f"API deprecations (openapi.json; {counting}):")
        for line in api(settings) or ["  none recorded"]:
            say(line)
    if url is None:
        return
    where, catalog, rows = asyncio.run(statements(url))
    for line in evidence_lines(found, where, catalog, rows):
        say(line)
