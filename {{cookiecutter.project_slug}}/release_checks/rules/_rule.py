"""What a rule is: its id, what it refuses, where it is seen, how it is acknowledged, the
squawk rules it replaces, and its examples (rules/__init__.py finds every rule)."""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from alembic.operations import ops
from pglast import ast

from ._catalog import CatalogRecogniser
from ._openapi import Level, OpenApiRecogniser

# Where a rule is seen: an Alembic operation or raw SQL (the gate, offline), the catalog
# (the walk, on the database: a rule seen there has a `catalog` recogniser), the OpenAPI
# documents (the API check), the revision files and their history (the gate).
Seen = Literal["operation", "sql", "catalog", "api", "files"]


@dataclass(frozen=True)
class Change:
    """What a rule recognises an operation or a statement doing to something that existed
    before the revision (a table, or a column of it)."""

    rule: str
    table: str
    column: str | None  # None for a table
    message: str
    # Gives back what an earlier change of the same rule to the same thing took (a
    # default set again): the revision commits both at once, so neither is a finding.
    restores: bool = False
    # What the gate cannot tell from the text (a column of a type the project defines):
    # the walk judges it on the catalog; an acknowledgement of it is used, not refused.
    for_the_walk: bool = False

    @property
    def key(self) -> tuple[str, str, str | None]:
        """What it is a change of, as an acknowledgement names it."""
        return (self.rule, self.table, self.column)


@dataclass(frozen=True)
class Acknowledge:
    """How a reviewed change is let through. `names`: what an entry names, "table" (the
    table, or the view, type, function, sequence or schema itself), "column" (the table and
    the column, index, constraint, trigger or label in it) or "at" (an API entry's JSON
    path). `counted_from`: for a drop that waits for releases, where the deprecation's
    release is read: "models" (their `deprecated()` declarations and the release record),
    "entry" (the entry's `deprecated_in`) or "document" (the base OpenAPI document's
    `x-deprecation`); None: no wait."""

    names: Literal["table", "column", "at"]
    counted_from: Literal["models", "entry", "document"] | None = None


@dataclass(frozen=True)
class RevisionExample:
    """A revision on the examples' base schema (BASE_UPGRADE: tables `example` and
    `example_other`, an index, a check constraint, a view, an enum type, a schema
    `example_extra`, the extension `pg_trgm` (of PostgreSQL's contrib), a schema
    `example_shared` whose new tables PUBLIC may read, a domain with a default, a
    sequence PUBLIC may use, a function, a trigger with its function, a table
    `example_history` partitioned by range of `at` with its partition
    `example_history_2026`, and a table `example_note` under row-level security with a
    policy `example_shown` that lets through the rows `shown`): its `upgrade()` and
    `downgrade()` bodies, and module-level code (an `acknowledged` list,
    `several_tables_because`)."""

    upgrade: str
    downgrade: str
    declarations: str = ""


@dataclass(frozen=True)
class DocumentExample:
    """Two OpenAPI documents' `paths`: a client of `base` meets `current` (written with
    `operation`, `query` and `body` below); `base_top`, `current_top`: their other
    top-level keys (`servers`, `security`, `components`)."""

    base: dict[str, Any]
    current: dict[str, Any]
    base_top: dict[str, Any] = field(default_factory=dict)
    current_top: dict[str, Any] = field(default_factory=dict)


STRING = {"type": "string"}


def operation(
    *,
    parameters: list[dict[str, Any]] | None = None,
    response: dict[str, Any] | None = None,
    request: dict[str, Any] | None = None,
    status: str = "200",
    deprecated: dict[str, str] | None = None,
    media: str = "application/json",
    headers: dict[str, Any] | None = None,
    path: str = "/things",
    **more: Any,
) -> dict[str, Any]:
    """`GET /things` (`POST` with a `request` body of `media`), answering `status` with
    `response` and `headers`; `deprecated`: its `x-deprecation` record (empty: deprecated
    without one); `more`: other keys of the operation (`security`, `servers`, ...)."""
    answer: dict[str, Any] = {"description": "ok"}
    if response is not None:
        answer["content"] = {"application/json": {"schema": response}}
    if headers is not None:
        answer["headers"] = headers
    found: dict[str, Any] = {"responses": {status: answer}, **more}
    if parameters is not None:
        found["parameters"] = parameters
    if request is not None:
        content = {media: {"schema": request}}
        found["requestBody"] = {"required": True, "content": content}
    if deprecated is not None:
        found["deprecated"] = True
        if deprecated:
            found["x-deprecation"] = deprecated
    return {path: {"post" if request is not None else "get": found}}


def query(name: str, schema: dict[str, Any] = STRING, *, required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "schema": schema}


def body(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required or []}


Example = RevisionExample | DocumentExample
# How a rule recognises itself: what one Alembic operation, or one raw SQL statement as
# PostgreSQL's parser reads it (pglast), does to what existed; `created`: the tables the
# same revision creates (whose columns are new whatever is done to them). The gate asks
# every rule's recognisers (gate/recognise.py); rules/_operations.py and rules/_sql.py hold
# what they share.
OperationRecogniser = Callable[[ops.MigrateOperation, set[str]], Iterator[Change]]
SQLRecogniser = Callable[[ast.Node, set[str]], Iterator[Change]]


@dataclass(frozen=True)
class Rule:
    id: str  # stable: docs' sections, CI annotations and acknowledgements name it
    summary: str  # what it refuses
    hint: str  # the safe way instead
    seen: frozenset[Seen]
    note: bool = False  # what the gate could not judge: shown, never a failure
    acknowledge: Acknowledge | None = None  # None: never acknowledged
    squawk: tuple[str, ...] = ()  # squawk's rules it replaces (switched off in squawk)
    refused: tuple[Example, ...] = ()  # (a note rule notes them)
    passing: tuple[Example, ...] = ()  # the safe way: no finding at all
    # The gate judges it from a revision as a whole (its downgrade, the tables it counts,
    # what it could not read, its acknowledgements), not by a recogniser: a rule seen in
    # an "operation" or in "sql" has the recogniser for it, or is structural.
    structural: bool = False
    # How the rule is recognised where it is seen (None: not there); each judge calls these:
    # in an Alembic operation, and in a raw SQL statement as PostgreSQL's parser reads it
    # (the gate);
    operation: OperationRecogniser | None = field(default=None, compare=False)
    sql: SQLRecogniser | None = field(default=None, compare=False)
    # in what an upgrade did to the catalog (the walk; rules/_catalog.py);
    catalog: CatalogRecogniser | None = field(default=None, compare=False)
    # in the pairs the API check's walk over two OpenAPI documents meets, per level
    # (rules/_openapi.py): what breaks a client there.
    openapi: Mapping[Level, OpenApiRecogniser] | None = field(default=None, compare=False)

    @property
    def api(self) -> bool:
        return "api" in self.seen


# The examples' base schema, and its downgrade.
BASE_UPGRADE = """
    op.create_table(
        "example",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("code", sa.String(20), nullable=True),
        sa.CheckConstraint("name <> ''", name="ck_example_name"),
    )
    op.create_index("ix_example_name", "example", ["name"])
    op.create_table(
        "example_other", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True)
    )
    op.execute("CREATE VIEW example_view AS SELECT id, name FROM example")
    op.execute("CREATE TYPE example_mood AS ENUM ('ok', 'sad')")
    op.execute("CREATE SCHEMA example_extra")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE SCHEMA example_shared")
    op.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA example_shared GRANT SELECT ON TABLES TO PUBLIC")
    op.execute("CREATE DOMAIN example_code AS text DEFAULT ''")
    op.execute("CREATE SEQUENCE example_counter")
    op.execute("GRANT USAGE ON SEQUENCE example_counter TO PUBLIC")
    op.execute("CREATE FUNCTION example_total(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1'")
    op.execute(
        "CREATE FUNCTION example_touch() RETURNS trigger "
        "LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'"
    )
    op.execute(
        "CREATE TRIGGER example_touch BEFORE UPDATE ON example "
        "FOR EACH ROW EXECUTE FUNCTION example_touch()"
    )
    op.execute("CREATE TABLE example_history (at date NOT NULL) PARTITION BY RANGE (at)")
    op.execute(
        "CREATE TABLE example_history_2026 PARTITION OF example_history "
        "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"
    )
    op.execute("CREATE TABLE example_note (id bigint PRIMARY KEY, shown boolean, author text)")
    op.execute("ALTER TABLE example_note ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY example_shown ON example_note USING (shown)")
"""
BASE_DOWNGRADE = """
    op.execute("DROP TABLE example_note")
    op.execute("DROP TABLE example_history")
    op.execute("DROP TRIGGER example_touch ON example")
    op.execute("DROP FUNCTION example_touch()")
    op.execute("DROP FUNCTION example_total(integer)")
    op.execute("DROP SEQUENCE example_counter")
    op.execute("DROP DOMAIN example_code")
    op.execute("DROP SCHEMA example_shared")
    op.execute("DROP EXTENSION IF EXISTS pg_trgm")
    op.execute("DROP SCHEMA example_extra")
    op.execute("DROP TYPE example_mood")
    op.execute("DROP VIEW example_view")
    op.drop_table("example_other")
    op.drop_index("ix_example_name", table_name="example")
    op.drop_table("example")
"""
