"""The walk's catalog snapshot sees exactly what `pg_dump --schema-only` restores.

pg_dump is the oracle: on one database, changes are made one after another; each change
of schema must change both pg_dump's output and the snapshot of the default bake's
`release_checks.walk.snapshot`, and each change that is not schema (rows, a temporary table,
an object made and dropped again) must change neither. So a downgrade that forgets any
of these is caught by the walk's no-trace check, and nothing else is.
"""

import asyncio
import importlib
import re
import subprocess
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from support.project import DEFAULT_SLUG

# Made first, for the changes below to change.
OBJECTS = """
CREATE TABLE thing (id bigint PRIMARY KEY, name text NOT NULL, kind text);
CREATE INDEX ix_thing_name ON thing (name);
CREATE SEQUENCE counter;
CREATE TABLE thing_like (id bigint NOT NULL, name text NOT NULL, kind text);
CREATE VIEW thing_names AS SELECT name FROM thing;
CREATE TYPE shade AS ENUM ('light', 'dark');
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TRIGGER thing_touch BEFORE UPDATE ON thing FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TABLE event (at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE event_2026 PARTITION OF event FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE FOREIGN DATA WRAPPER oracle_wrapper;
CREATE SERVER oracle_server FOREIGN DATA WRAPPER oracle_wrapper;
CREATE FUNCTION same(integer, integer) RETURNS boolean LANGUAGE sql AS 'SELECT $1 = $2';
CREATE TABLE target (id bigint PRIMARY KEY, code text);
CREATE TABLE source (target bigint REFERENCES target (id));
CREATE VIEW target_codes AS SELECT id, code FROM target;
CREATE INDEX ix_target_code ON target (code);
ALTER TABLE target ADD CONSTRAINT code_set CHECK (code <> '');
"""
# what changes -> SQL; each is a change of schema, made after the ones before it
SCHEMA = {
    "a table": "CREATE TABLE other (id bigint)",
    "inheritance": "ALTER TABLE thing_like INHERIT thing",
    "a column": "ALTER TABLE thing ADD COLUMN note text",
    "a column's type": "ALTER TABLE thing ALTER COLUMN note TYPE varchar(80)",
    "NOT NULL": "ALTER TABLE thing ALTER COLUMN kind SET NOT NULL",
    "a default": "ALTER TABLE thing ALTER COLUMN kind SET DEFAULT 'plain'",
    "an index": "CREATE INDEX ix_thing_kind ON thing (kind)",
    "a constraint": "ALTER TABLE thing ADD CONSTRAINT named CHECK (name <> '')",
    "an enum label": "ALTER TYPE shade ADD VALUE 'grey'",
    "a table grant": "GRANT SELECT ON thing TO PUBLIC",
    "a column grant": "GRANT UPDATE (name) ON thing TO PUBLIC",
    "a schema grant": "GRANT CREATE ON SCHEMA public TO PUBLIC",
    "a revoke": "REVOKE USAGE ON SCHEMA public FROM PUBLIC",
    "a function's grants": "REVOKE EXECUTE ON FUNCTION touch() FROM PUBLIC",
    "a sequence grant": "GRANT USAGE ON SEQUENCE counter TO PUBLIC",
    "default privileges": "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC",
    "row level security": "ALTER TABLE thing ENABLE ROW LEVEL SECURITY",
    "forced row level security": "ALTER TABLE thing FORCE ROW LEVEL SECURITY",
    "a policy": "CREATE POLICY mine ON thing FOR SELECT TO {role} USING (kind = 'plain')",
    "replica identity": "ALTER TABLE thing REPLICA IDENTITY FULL",
    "a statistics target": "ALTER TABLE thing ALTER COLUMN name SET STATISTICS 500",
    "a column's storage": "ALTER TABLE thing ALTER COLUMN name SET STORAGE EXTERNAL",
    "a column's compression": "ALTER TABLE thing ALTER COLUMN name SET COMPRESSION pglz",
    "a column's options": "ALTER TABLE thing ALTER COLUMN name SET (n_distinct = 5)",
    "a table's options": "ALTER TABLE thing SET (fillfactor = 70)",
    "unlogged": "ALTER TABLE other SET UNLOGGED",
    "a comment on a table": "COMMENT ON TABLE thing IS 'things'",
    "a comment on a column": "COMMENT ON COLUMN thing.name IS 'its name'",
    "a comment on an index": "COMMENT ON INDEX ix_thing_name IS 'by name'",
    "a comment on a constraint": "COMMENT ON CONSTRAINT thing_pkey ON thing IS 'the key'",
    "a comment on a sequence": "COMMENT ON SEQUENCE counter IS 'counts'",
    "a comment on a view": "COMMENT ON VIEW thing_names IS 'names'",
    "a comment on a function": "COMMENT ON FUNCTION touch() IS 'touches'",
    "a comment on a type": "COMMENT ON TYPE shade IS 'shades'",
    "a comment on a trigger": "COMMENT ON TRIGGER thing_touch ON thing IS 'on update'",
    "a comment on a schema": "COMMENT ON SCHEMA public IS 'ours'",
    "CLUSTER ON": "ALTER TABLE thing CLUSTER ON ix_thing_name",
    "a view's options": "ALTER VIEW thing_names SET (security_barrier = true)",
    "a view's definition": "CREATE OR REPLACE VIEW thing_names AS SELECT name FROM thing "
    "WHERE kind = 'plain'",
    "a rule": "CREATE RULE keep AS ON DELETE TO thing DO INSTEAD NOTHING",
    "extended statistics": "CREATE STATISTICS thing_stats ON name, kind FROM thing",
    "a partition bound": "ALTER TABLE event DETACH PARTITION event_2026; ALTER TABLE event "
    "ATTACH PARTITION event_2026 FOR VALUES FROM ('2026-01-01') TO ('2026-07-01')",
    "a disabled trigger": "ALTER TABLE thing DISABLE TRIGGER thing_touch",
    "a table's owner": "ALTER TABLE other OWNER TO {role}",
    "a function's owner": "ALTER FUNCTION touch() OWNER TO {role}",
    "a type's owner": "ALTER TYPE shade OWNER TO {role}",
    "an aggregate": "CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer)",
    "a foreign server's options": "ALTER SERVER oracle_server OPTIONS (host 'elsewhere')",
    "a user mapping": "CREATE USER MAPPING FOR {role} SERVER oracle_server",
    "a foreign table": "CREATE FOREIGN TABLE remote (id int) SERVER oracle_server",
    "a database setting": "ALTER DATABASE {database} SET work_mem = '8MB'",
    "a setting for a role in the database": "ALTER ROLE {role} IN DATABASE {database} "
    "SET work_mem = '4MB'",
    "a schema": "CREATE SCHEMA extra",
    "an extension": "CREATE EXTENSION citext",
    "a publication": "CREATE PUBLICATION oracle_publication FOR TABLE thing",
    "a publication's row filter": "ALTER PUBLICATION oracle_publication SET TABLE thing "
    "WHERE (kind = 'plain')",
    "a table and a type of its shape": "CREATE TYPE row_shape AS (id bigint); "
    "CREATE TABLE shaped (id bigint)",
    "a typed table": "ALTER TABLE shaped OF row_shape",
    "an event trigger": "CREATE FUNCTION on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS "
    "'BEGIN END'; CREATE EVENT TRIGGER oracle_ddl ON ddl_command_end EXECUTE FUNCTION on_ddl()",
    "a collation": 'CREATE COLLATION oracle_c FROM "C"',
    "a cast": "CREATE TYPE pair AS (a integer, b integer); CREATE CAST (pair AS text) WITH INOUT",
    "an operator": "CREATE OPERATOR === (LEFTARG = integer, RIGHTARG = integer, FUNCTION = same)",
    "a text search configuration": "CREATE TEXT SEARCH CONFIGURATION oracle_ts (COPY = simple)",
    "a domain": "CREATE DOMAIN positive AS integer CHECK (VALUE > 0)",
    "a procedure": "CREATE PROCEDURE noop() LANGUAGE sql AS 'SELECT 1'",
    # Changes whose rows are not those of the objects that print them (a view, a foreign
    # key, an index...), and drops
    "a table renamed under a view and a foreign key": "ALTER TABLE target RENAME TO aim",
    "a column renamed under an index, a view and a check": "ALTER TABLE aim RENAME code TO label",
    "a default calling a function": "CREATE FUNCTION fresh_label() RETURNS text LANGUAGE sql "
    "AS 'SELECT 1::text'; ALTER TABLE aim ALTER COLUMN label SET DEFAULT fresh_label()",
    "functions renamed under a trigger and a default": "ALTER FUNCTION touch() RENAME TO "
    "touched; ALTER FUNCTION fresh_label() RENAME TO new_label",
    "columns of an enum type": "CREATE TABLE painted (color shade, colors shade[])",
    "an enum type renamed under columns": "ALTER TYPE shade RENAME TO tone",
    "objects in a schema": "CREATE TABLE extra.inside (id int); "
    "CREATE VIEW looking_in AS SELECT id FROM extra.inside",
    "a schema renamed": "ALTER SCHEMA extra RENAME TO moved",
    "an owner's role renamed": "ALTER ROLE {role} RENAME TO {role}_renamed",
    "an owner's role renamed back": "ALTER ROLE {role}_renamed RENAME TO {role}",
    "an index dropped": "DROP INDEX ix_target_code",
    "a foreign key dropped": "ALTER TABLE source DROP CONSTRAINT source_target_fkey",
    "a comment removed": "COMMENT ON TABLE thing IS NULL",
    "a comment on a column removed": "COMMENT ON COLUMN thing.name IS NULL",
    "a sequence owned": "ALTER SEQUENCE counter OWNED BY thing.id",
    "a sequence owned no more": "ALTER SEQUENCE counter OWNED BY NONE",
    "a trigger dropped": "DROP TRIGGER thing_touch ON thing",
    "a policy dropped": "DROP POLICY mine ON thing",
    "a domain's constraint dropped": "ALTER DOMAIN positive DROP CONSTRAINT positive_check",
    "a view dropped": "DROP VIEW looking_in",
    # past 63 bytes (a name's length), two columns' qualified names differ only there
    "a long-named table": f"CREATE TABLE {'t' * 60} (column_one int)",
    "its second column": f"ALTER TABLE {'t' * 60} ADD COLUMN column_two int",
}
# what happens -> SQL; none of it is schema
NOT_SCHEMA = {
    "rows": "INSERT INTO thing (id, name, kind) VALUES (1, 'one', 'plain')",
    "a sequence's value": "SELECT nextval('counter')",
    "statistics gathered": "ANALYZE thing",
    "a temporary table": "CREATE TEMPORARY TABLE scratch (id int)",
    "a temporary view": "CREATE TEMPORARY VIEW scratch_view AS SELECT 1 AS one",
    "an object made and dropped again": "CREATE TABLE gone (id int); DROP TABLE gone",
    "an index made and dropped again": "CREATE INDEX ix_gone ON thing (kind); DROP INDEX ix_gone",
    "a session setting": "SET work_mem = '16MB'",
}


@pytest.fixture(scope="module")
def database(generated: dict[str, ModuleType], role: str) -> Iterator[Any]:
    """A database of its own, dropped before `role` is."""
    databases = generated["databases"]
    server = generated["settings"].load_settings().sqlalchemy_url
    url = asyncio.run(databases.create_database(server, databases.unique_name(server, "oracle")))
    try:
        yield url
    finally:
        asyncio.run(databases.drop_database(url))


def schema_dump(url: Any) -> str:
    """pg_dump's schema of the database, without its comments and its per-run keys."""
    result = subprocess.run(
        ["pg_dump", "--schema-only", "--create", "--no-password",
         f"--host={url.host}", f"--port={url.port or 5432}", f"--username={url.username}",
         url.database],
        capture_output=True, text=True, check=True,
        env={"PGPASSWORD": url.password or "", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    lines = result.stdout.splitlines()
    return "\n".join(line for line in lines if not re.match(r"(--|\\(un)?restrict )", line))


def test_the_snapshot_changes_exactly_when_pg_dump_does(
    generated: dict[str, ModuleType], database: Any, role: str
) -> None:
    take_snapshot = importlib.import_module("release_checks.walk.snapshot").take_snapshot
    engine = create_engine(database.set(drivername="postgresql+psycopg"))
    misses = []
    with engine.connect() as connection:
        connection.execute(text(OBJECTS))
        connection.commit()
        dump, snapshot = schema_dump(database), take_snapshot(connection)
        for what, sql, schema in [
            *((what, sql, True) for what, sql in SCHEMA.items()),
            *((what, sql, False) for what, sql in NOT_SCHEMA.items()),
        ]:
            connection.execute(text(sql.format(role=role, database=database.database)))
            connection.commit()
            new_dump, new_snapshot = schema_dump(database), take_snapshot(connection)
            seen = (new_dump != dump, new_snapshot != snapshot)
            if seen != (schema, schema):
                misses.append(f"{what}: pg_dump changed: {seen[0]}, snapshot changed: {seen[1]}")
            dump, snapshot = new_dump, new_snapshot
    engine.dispose()
    assert not misses, "\n".join(misses)


def test_alembics_bookkeeping_is_not_schema(
    generated: dict[str, ModuleType], database: Any
) -> None:
    """alembic_version and alembic_lineage (the applied revisions' parents, which env.py
    writes) change with every revision: the snapshot leaves them out, tables and rows."""
    take_snapshot = importlib.import_module("release_checks.walk.snapshot").take_snapshot
    lineage = importlib.import_module(f"{DEFAULT_SLUG}.db.lineage").lineage
    engine = create_engine(database.set(drivername="postgresql+psycopg"))
    with engine.connect() as connection:
        before = take_snapshot(connection)
        connection.execute(
            text("CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)")
        )
        lineage.create(connection)
        connection.execute(lineage.insert().values(revision="0123456789ab", down_revision=None))
        connection.commit()
        assert take_snapshot(connection) == before
    engine.dispose()
