"""The walk of a baked project (`pytest -m migrations`) judges revisions by what they do to
the catalog: each refused revision of tests/walk_corpus/ is caught with its rule id however
its SQL is written, the correct ones pass, and a downgrade that forgets any kind of object
pg_dump would restore is caught by the no-trace check.

The walk runs in-process, with the default bake's own `release_checks`, on a history
built in a temporary directory: the examples, then corpus revisions chained after them.
A walk stops at its first failure, so each refused revision gets a history of its own;
the correct ones share one. Each walk gets a new database; all are dropped at the end.
"""

import asyncio
import importlib
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from support.project import DEFAULT_SLUG
from support.project import EXAMPLES_HEAD as HEAD
from support.revisions import write_revision

CORPUS = Path(__file__).parent / "walk_corpus"
VERSION = "0.5.0"  # the release the walk counts acknowledgements against
ENUM = "good_enum_mood"  # the revision the enum cases start from
ENUM_CASES = {
    "rename_enum_label",
    "drop_enum_label",
    "rename_type",
    "not_null_enum_column_without_default",
}
PARTITIONED = "good_partitioned_table"  # the revision the partition case starts from
SURFACE = "good_public_surface"  # the revision the schema and grant cases start from
# a case -> the revisions it starts from
BEFORE = {
    "drop_index_acknowledged_the_revision_before": ["acknowledges_the_next_revisions_drop"],
    "drop_schema_cascade": [SURFACE],
    "revoke_in_do_block": [SURFACE],
    "enable_instead_rule": ["good_disabled_instead_rule"],
    "drop_extension_in_do_block": ["good_trigram_extension"],
    "stop_inheriting": ["good_account_archive_inherits"],
    "check_in_list_narrowed": ["good_account_plan"],
}

# corpus revision -> (the verdict that must fail, what it must say); each walks alone
REFUSED = {
    "rename_column_raw_sql": "rename-column: renames column users.email to mail",
    "rename_table_in_do_block": "rename-table: renames table account to accounts",
    "drop_column_online_only": "drop-column: drops column users.deleted_at",
    "drop_table_through_a_helper": "drop-table: drops table users",
    "type_change_squawk_ignored": (
        "type-change: changes the type of column users.email from text to character varying(320)"
    ),
    "set_not_null_dynamic_sql": "set-not-null: makes existing column users.deleted_at",
    "added_then_required": (
        "not-null-without-default: adds NOT NULL column users.motto with no default"
    ),
    "two_tables_in_raw_sql": ("one-table: changes 2 tables that existed before it: account, users"),
    "acknowledged_drop_too_recent": "deprecated in 0.4, 1 release(s) before the current 0.5.0",
    "rename_index": "rename-index: renames index ix_users_account_id",
    "rename_constraint": "rename-constraint: renames constraint users.uq_users_email",
    "drop_constraint": "drop-constraint: drops constraint users.uq_users_email",
    "drop_column_and_add_it_again": "drop-column: drops column users.deleted_at",
    "not_null_enum_column_without_default": (
        "not-null-without-default: adds NOT NULL column account.mood with no default"
    ),
    "drop_column_of_partitioned_table": "drop-column: drops column event.note (",
    "drop_index_of_partitioned_table": "drop-index: drops index ix_event_at (",
    "rename_enum_label": "rename-enum-label: renames enum label mood.'sad' to 'blue'",
    "drop_enum_label": "drop-enum-label: removes label 'sad' of mood",
    "rename_type": "rename-type: renames enum mood to emotion",
    "drop_index_replaced_unacknowledged": "drop-index: drops index ix_users_account_id",
    "acknowledged_index_drop_never_done": (
        "acknowledgement: acknowledges drop-index of users.ix_users_account_id, which the "
        "upgrade never does"
    ),
    "disable_foreign_key_triggers": (
        "disable-trigger: disables the triggers of foreign key fk_users_account_id_account on users"
    ),
    "drop_schema_cascade": "drop-schema: drops schema reports (",
    "redefine_index_concurrently": (
        "redefine-index: makes index ix_users_account_id again as CREATE INDEX "
        "ix_users_account_id ON users USING btree (account_id, created_at), not"
    ),
    "revoke_in_do_block": "revoke: revokes SELECT on view reports.user_emails from PUBLIC",
    "force_row_security_without_policy": (
        "row-security: hides every row of account from every role: no permissive policy"
    ),
    "unique_constraint_replaced_by_expression_index": (
        "drop-constraint: drops constraint users.uq_users_email"
    ),
    "drop_default_built_in_do_block": "drop-default: drops the default of column users.created_at",
    "identity_made_always": (
        "drop-default: makes the identity of column users.id GENERATED ALWAYS"
    ),
    "set_unlogged": "set-unlogged: makes existing table users UNLOGGED",
    "detach_partition_of_partitioned_table": (
        "detach-partition: detaches partition event_2026_01 from event ("
    ),
    "give_table_to_another_owner": "revoke: gives table account to pg_database_owner: the role",
    "move_table_to_another_schema": "rename-table: renames table users to archive.users (",
    "enable_instead_rule": "instead-rule: makes rule users_kept run instead of statements",
    "drop_extension_in_do_block": "drop-extension: drops extension pg_trgm and every function",
    "stop_inheriting": "detach-partition: makes account_archive no longer inherit",
    "instead_rule": "instead-rule: makes rule users_keep run instead of statements on users",
    "collation_change": (
        'type-change: changes the collation of column users.email from default to "C"'
    ),
    "check_in_list_narrowed": (
        "redefine-constraint: makes constraint account.ck_account_plan again as CHECK"
    ),
    "drop_index_acknowledged_the_revision_before": (
        "drop-index: drops index ix_users_account_id (keep the index; old releases "
        "and other readers may still use it): acknowledged in revision 0ac40e000001 ("
    ),
}
# correct work, walked as one history
ACCEPTED = [
    "good_add_nickname",
    "good_labelled_depending_on_an_earlier_revision",  # still one line
    "good_index_with_nickname",
    "good_acknowledged_drop",
    "good_new_table_with_foreign_keys",
    "good_concurrent_index",
    "good_downgrade_in_any_order",
    "good_temporary_scratch_table",
    "good_select_around_a_type_change",
    "good_enum_mood",
    "good_enum_add_label",
    "good_acknowledged_label_drop",
    "good_enum_label_downgrade_in_one_string",  # several commands in one op.execute()
    "good_legacy_table",
    "good_acknowledged_table_drop",
    "good_partitioned_table",
    "good_new_partitions",  # of an existing partitioned table: that one table
    # a view made writable, an identity BY DEFAULT, a new unlogged table, a new default
    "good_writable_view_and_new_defaults",
    "good_default_replaced_in_two_steps",  # dropped, then given again: no gap committed
    "good_not_null_domain_with_default",  # the domain's default fills it
    "good_disabled_instead_rule",
    "good_trigram_extension",
    "good_acknowledged_extension_drop",  # deprecated in 0.3, the walk's release is 0.5
    "good_index_replaced_under_a_new_name",
    "good_view_type_and_domain",
    "good_grant_undone_by_its_revoke",
    # the same uniqueness, kept by another object on the same columns: no drop
    "good_unique_constraint_replaced_by_index",
    "good_unique_index_replaced_by_constraint",
    "good_seed_removed_by_its_downgrade",
    "good_acknowledged_catalog_drops",
    "good_public_surface",
    "good_widened_surface",
    # NOT NULL the safe way: a check NOT VALID, validated (which no downgrade can undo,
    # nor needs to), then SET NOT NULL, acknowledged
    "good_check_not_valid",
    "good_validate_check",
    "good_not_null_the_safe_way",
    # outside public a table is schema.table, in the gate, the walk and the models alike
    "good_audit_trail",
    "good_acknowledged_drops_outside_public",
    "good_function_with_an_autogenerate_plugin",
    "good_account_plan",
    "good_account_plan_widened",  # a CHECK's IN list grown, as an enum label added
    # last: what later revisions do to account would reach its archive too
    "good_account_archive_inherits",
]

# Objects the downgrade cases change; made by a revision of their own, before each case.
OBJECTS = """
    op.execute(\"\"\"DO $$ BEGIN
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
    END $$\"\"\")
"""
UNDO_OBJECTS = """
    op.execute(
        "DO $$ BEGIN DROP TABLE event, thing_like; DROP VIEW thing_names; DROP TABLE thing; "
        "DROP FUNCTION touch(); DROP TYPE shade; DROP SEQUENCE counter; END $$"
    )
"""
# what the downgrade forgets -> (upgrade SQL, downgrade SQL, what the failure must show)
FORGOTTEN = {
    "a table grant": ("GRANT SELECT ON thing TO PUBLIC", "", "~ table public.thing"),
    "a column grant": ("GRANT UPDATE (name) ON thing TO PUBLIC", "", "column public.thing.name"),
    "a schema grant": ("GRANT CREATE ON SCHEMA public TO PUBLIC", "", "~ schema public"),
    "a revoke": ("REVOKE USAGE ON SCHEMA public FROM PUBLIC", "", "~ schema public"),
    "default privileges": (
        "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC",
        "",
        "+ default privileges",
    ),
    "row level security": ("ALTER TABLE thing ENABLE ROW LEVEL SECURITY", "", "row level security"),
    "forced row level security": (
        "ALTER TABLE thing FORCE ROW LEVEL SECURITY",
        "",
        "forced row level security",
    ),
    "a policy's table left with RLS on": (
        "ALTER TABLE thing ENABLE ROW LEVEL SECURITY; "
        "CREATE POLICY mine ON thing FOR SELECT USING (true)",
        "DROP POLICY mine ON thing",
        "after:  row level security",
    ),
    "replica identity": ("ALTER TABLE thing REPLICA IDENTITY FULL", "", "replica identity full"),
    "a statistics target": (
        "ALTER TABLE thing ALTER COLUMN name SET STATISTICS 500",
        "",
        "statistics 500",
    ),
    "a column's storage": (
        "ALTER TABLE thing ALTER COLUMN name SET STORAGE EXTERNAL",
        "",
        "storage external",
    ),
    "a column's compression": (
        "ALTER TABLE thing ALTER COLUMN name SET COMPRESSION pglz",
        "",
        "compression pglz",
    ),
    "a comment on an index": ("COMMENT ON INDEX ix_thing_name IS 'by name'", "", "+ comment"),
    "a comment on a constraint": (
        "COMMENT ON CONSTRAINT thing_pkey ON thing IS 'the key'",
        "",
        "+ comment",
    ),
    "a comment on a sequence": ("COMMENT ON SEQUENCE counter IS 'counts'", "", "+ comment"),
    "a comment on a view": ("COMMENT ON VIEW thing_names IS 'names'", "", "+ comment"),
    "a comment on a function": ("COMMENT ON FUNCTION touch() IS 'touches'", "", "+ comment"),
    "a comment on a type": ("COMMENT ON TYPE shade IS 'shades'", "", "+ comment"),
    "CLUSTER ON": ("ALTER TABLE thing CLUSTER ON ix_thing_name", "", "clustered"),
    "a view's options": (
        "ALTER VIEW thing_names SET (security_barrier = true)",
        "",
        "security_barrier",
    ),
    "a rule": ("CREATE RULE keep AS ON DELETE TO thing DO INSTEAD NOTHING", "", "+ rule"),
    "extended statistics": (
        "CREATE STATISTICS thing_stats ON name, kind FROM thing",
        "",
        "+ statistics",
    ),
    "a partition bound": (
        "ALTER TABLE event DETACH PARTITION event_2026; ALTER TABLE event ATTACH PARTITION "
        "event_2026 FOR VALUES FROM ('2026-01-01') TO ('2026-07-01')",
        "",
        "2026-07-01",
    ),
    "inheritance": ("ALTER TABLE thing_like INHERIT thing", "", "inherits thing"),
    "a disabled trigger": ("ALTER TABLE thing DISABLE TRIGGER thing_touch", "", "disabled"),
    "an owner": ("ALTER TABLE thing OWNER TO {role}", "", "owner {role}"),
    "an aggregate": (
        "CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer)",
        "",
        "+ aggregate",
    ),
    "a foreign-data wrapper": (
        "CREATE FOREIGN DATA WRAPPER corpus_wrapper; "
        "CREATE SERVER corpus_server FOREIGN DATA WRAPPER corpus_wrapper",
        "DROP SERVER corpus_server",
        "+ foreign-data wrapper corpus_wrapper",
    ),
    "a foreign server": (
        "CREATE FOREIGN DATA WRAPPER corpus_wrapper; "
        "CREATE SERVER corpus_server FOREIGN DATA WRAPPER corpus_wrapper; "
        "CREATE USER MAPPING FOR PUBLIC SERVER corpus_server",
        "DROP USER MAPPING FOR PUBLIC SERVER corpus_server",
        "+ server corpus_server",
    ),
    "a database setting": (
        "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET work_mem = ''8MB''', "
        "current_database()); END $$",
        "",
        "work_mem=8MB",
    ),
    "a schema": ("CREATE SCHEMA extra", "", "+ schema extra"),
    "a seeded row": (  # not schema: the next upgrade would meet it all the same
        "INSERT INTO thing VALUES (1, 'seed', NULL)",
        "",
        "did not leave the rows as it found them in public.thing",
    ),
    "a publication": ("CREATE PUBLICATION corpus_publication FOR TABLE thing", "", "+ publication"),
    "an event trigger": (
        "CREATE FUNCTION on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS 'BEGIN END'; "
        "CREATE EVENT TRIGGER corpus_ddl ON ddl_command_end EXECUTE FUNCTION on_ddl()",
        "",
        "+ event trigger corpus_ddl",
    ),
    "a collation": ('CREATE COLLATION corpus_c FROM "C"', "", "+ collation public.corpus_c"),
    "a text search configuration": (
        "CREATE TEXT SEARCH CONFIGURATION corpus_ts (COPY = simple)",
        "",
        "+ text search configuration",
    ),
}


class Walker:
    """Walks histories with the default bake's own tools, each on a new database."""

    def __init__(self, project: Path, tools: dict[str, ModuleType], server: Any) -> None:
        self.project, self.tools, self.server = project, tools, server
        self.databases: list[Any] = []

    def walk(
        self,
        write: Callable[[Path], None],
        *,
        examples: bool = True,
        metadata: Any = None,
        released: Any = None,
    ) -> Any:
        """The verdicts of a walk through the history `write` puts in `migrations/versions/`
        of a directory; `metadata`: the models (their deprecations count the drops);
        `released`: the last release's record."""
        tools = self.tools
        with tempfile.TemporaryDirectory() as root:
            versions = Path(root) / "migrations" / "versions"
            versions.mkdir(parents=True)
            if examples:
                for example in (self.project / "migrations" / "versions").glob("*.py"):
                    shutil.copy(example, versions)
            write(Path(root))
            config = tools["project"].alembic_config()
            config.set_main_option("version_locations", str(versions))
            history = tools["history"].History.load(config)
            settings = tools["project"].RuleSettings(
                version=VERSION, postgres_version="15", releases_before_drop=2, released=released
            )
            name = tools["databases"].unique_name(self.server, "walk_corpus")
            url = asyncio.run(tools["databases"].create_database(self.server, name))
            self.databases.append(url)
            metadata = tools["sa"].MetaData() if metadata is None else metadata
            return asyncio.run(tools["harness"].walk_database(url, history, metadata, settings))

    def close(self) -> None:
        async def drop_all() -> None:
            drop = self.tools["databases"].drop_database
            await asyncio.gather(*(drop(url) for url in self.databases))

        asyncio.run(drop_all())


@pytest.fixture(scope="module")
def walker(generated: dict[str, ModuleType], default_project: Path, role: str) -> Iterator[Walker]:
    """(Its databases are dropped before `role`, which owns objects in one of them.)"""
    tools = {
        name: importlib.import_module(f"release_checks.{module}")
        for name, module in [
            ("project", "project"),
            ("databases", "databases"),
            ("harness", "proofs.harness"),
            ("history", "history"),
        ]
    }
    tools["sa"] = importlib.import_module("sqlalchemy")
    tools["release"] = importlib.import_module("release_checks.release")
    tools["deprecation"] = importlib.import_module(f"{DEFAULT_SLUG}.db.deprecation")
    server = generated["settings"].load_settings().sqlalchemy_url
    walker = Walker(default_project, tools, server)
    yield walker
    walker.close()


def revision_id(corpus: str) -> str:
    match = re.search(r'^revision: str = "(\w+)"', (CORPUS / f"{corpus}.py").read_text(), re.M)
    assert match is not None
    return match[1]


def chain(*corpus: str) -> Callable[[Path], None]:
    """Write the corpus revisions one after the other, after the examples' head."""

    def write(root: Path) -> None:
        versions = root / "migrations" / "versions"
        parent = HEAD
        for minute, name in enumerate(corpus):
            text = (CORPUS / f"{name}.py").read_text()
            path = versions / f"2026_03_01_12{minute:02d}_{revision_id(name)}_{name}.py"
            path.write_text(text.replace(f'= "{HEAD}"', f'= "{parent}"'))
            parent = revision_id(name)

    return write


def declared(walker: Walker, head: str | None = None) -> dict[str, Any]:
    """The models' declarations the corpus drops count from (users.nickname, the table
    legacy and audit.trail.note deprecated in 0.3, users.deleted_at in 0.4, all no longer
    used), and a release record that says the same, at `head`."""
    sa, deprecation = walker.tools["sa"], walker.tools["deprecation"]
    metadata = sa.MetaData()
    unused = deprecation.deprecated
    sa.Table(
        "users",
        metadata,
        sa.Column("nickname", sa.Text(), info=unused("0.3", used=False)),
        sa.Column("deleted_at", sa.DateTime(), info=unused("0.4", used=False)),
    )
    sa.Table("legacy", metadata, sa.Column("id", sa.BigInteger()), info=unused("0.3", used=False))
    note = sa.Column("note", sa.Text(), info=unused("0.3", used=False))
    sa.Table("trail", metadata, note, schema="audit")
    record = walker.tools["release"].Release(
        version="0.4.0", head=head, deprecated=tuple(deprecation.deprecations(metadata))
    )
    return {"metadata": metadata, "released": record}


def test_each_refused_revision_is_caught_with_its_rule(walker: Walker) -> None:
    wrong = []
    for corpus, expected in REFUSED.items():
        before = [ENUM] if corpus in ENUM_CASES else []
        before += [PARTITIONED] if "partitioned" in corpus else []
        before += BEFORE.get(corpus, [])
        verdicts = walker.walk(chain(*before, corpus), **declared(walker))
        rules = verdicts.rules or ""
        findings = [line for line in rules.splitlines() if line.startswith("  ")]
        if expected not in rules or revision_id(corpus) not in rules or len(findings) != 1:
            wrong.append(f"{corpus}: expected {expected!r}, got {rules or vars(verdicts)}")
    assert not wrong, "\n".join(wrong)


def test_a_revision_without_downgrade_is_named_as_such(walker: Walker) -> None:
    names = []

    def write(root: Path) -> None:
        path = write_revision(root, "0d0e50000001", HEAD, "op.execute('SELECT 1')", "pass")
        # no docstring either (open-webui's first revision has comments instead)
        path.write_text(path.read_text().split("def downgrade")[0].split('"""', 2)[2])
        names.append(path.name)

    verdicts = walker.walk(write)
    assert f"0d0e50000001 ({names[0]}) has no downgrade() function" in verdicts.stairway


def test_a_failing_statement_is_named_in_the_servers_words(walker: Walker) -> None:
    """Not SQLAlchemy's wrapping of asyncpg's error (open-webui's history met one)."""

    def write(root: Path) -> None:
        twice = 'op.execute("CREATE TABLE twice (id int)")\n' * 2
        write_revision(root, "0d0e50000002", HEAD, twice, 'op.execute("DROP TABLE twice")')

    verdicts = walker.walk(write)
    assert verdicts.stairway is not None
    assert verdicts.stairway.endswith('failed: relation "twice" already exists'), verdicts.stairway


def test_a_constraint_dropped_without_a_name_says_so(walker: Walker) -> None:
    """drop_constraint(None, ...), as autogenerate writes it (letta's downgrades): what
    it is, as the gate says it, not the IndexError the naming convention raises."""

    def write(root: Path) -> None:
        unnamed = 'op.drop_constraint(None, "users", type_="foreignkey")'
        write_revision(root, "0d0e50000003", HEAD, "op.execute('SELECT 1')", unnamed)

    verdicts = walker.walk(write)
    said = verdicts.downgrade or ""
    assert said.endswith(
        "failed: drop_constraint(None, 'users', type_='foreignkey') names no constraint: "
        "write the name it has in the database (psql's \\d shows it)"
    ), said


def test_correct_work_passes_every_check_of_the_walk(walker: Walker) -> None:
    verdicts = walker.walk(chain(*ACCEPTED), **declared(walker))
    assert (verdicts.stairway, verdicts.rules) == (None, None), verdicts.rules


def test_a_drop_the_release_still_serving_maps_is_refused(walker: Walker) -> None:
    """The walk's rules judge a drop as the gate does (one judgement): not without a
    declaration, nor while the last release still uses the column."""
    nothing_declared = walker.walk(chain("good_add_nickname", "good_acknowledged_drop"))
    said = nothing_declared.rules or ""
    assert "drops column users.nickname" in said
    assert "never declared deprecated" in said
    still_used = declared(walker)
    still_used["released"] = walker.tools["release"].Release(
        version="0.4.0",
        head=None,
        deprecated=(walker.tools["deprecation"].Deprecation("users", "nickname", "0.3", True),),
    )
    verdicts = walker.walk(chain("good_add_nickname", "good_acknowledged_drop"), **still_used)
    assert "but the last release, 0.4.0, still uses it" in (verdicts.rules or "")


def test_the_released_revisions_are_not_judged_but_still_walked(walker: Walker) -> None:
    """Below the release record's head the rules no longer judge (a stricter rule does
    not refuse what shipped), above it they do; the no-trace check still runs below it,
    and an unknown head is one line."""
    refused = "rename_column_raw_sql"
    below = walker.walk(chain(refused), **declared(walker, head=revision_id(refused)))
    above = walker.walk(chain(refused), **declared(walker, head=HEAD))
    assert (below.rules, below.stairway) == (None, None)
    assert "rename-column" in (above.rules or "")

    def broken(root: Path) -> None:
        create = "op.execute('CREATE TABLE thing (id int)')"
        write_revision(root, "0b1ec7000002", HEAD, create, "pass")

    kept = walker.walk(broken, **declared(walker, head="0b1ec7000002"))
    assert "downgrade of 0b1ec7000002" in (kept.downgrade or "")
    unknown = walker.walk(chain(refused), **declared(walker, head="0123456789ab"))
    assert "the released head 0123456789ab is not a revision" in (unknown.rules or "")


def in_one_block(sql: str) -> str:
    """Several statements as one (a driver that prepares statements takes one at a time)."""
    return f"DO $do$ BEGIN {sql}; END $do$"


def test_a_downgrade_that_forgets_any_kind_of_object_is_caught(walker: Walker, role: str) -> None:
    wrong = []
    # Recorded as released, so that the rules (a revoke, row-level security, a disabled
    # trigger are refused) leave the no-trace check to judge it.
    release = walker.tools["release"].Release
    shipped = release(version="0.4.0", head="f0e901000001", deprecated=())
    for forgotten, (upgrade, downgrade, shown) in FORGOTTEN.items():

        def write(root: Path, upgrade: str = upgrade, downgrade: str = downgrade) -> None:
            write_revision(root, "0b1ec7000001", None, OBJECTS, UNDO_OBJECTS, "objects")
            write_revision(
                root,
                "f0e901000001",
                "0b1ec7000001",
                f"op.execute({in_one_block(upgrade.format(role=role))!r})",
                f"op.execute({in_one_block(downgrade)!r})" if downgrade else "pass",
                "forgets",
            )

        verdicts = walker.walk(write, examples=False, released=shipped)
        downgrade = verdicts.downgrade or ""
        expected = ["downgrade of f0e901000001", shown.format(role=role)]
        if not all(phrase in downgrade for phrase in expected):
            wrong.append(f"{forgotten}: expected {expected}, got {downgrade or vars(verdicts)}")
    assert not wrong, "\n".join(wrong)


def test_drift_compares_what_autogenerate_does_not(walker: Walker) -> None:
    """An enum label, a check constraint and an index predicate the models declare and
    the migrated database lacks."""
    sa = walker.tools["sa"]
    metadata = sa.MetaData(naming_convention={"ck": "ck_%(table_name)s_%(constraint_name)s"})
    sa.Table(
        "feeling",
        metadata,
        sa.Column("mood", sa.Enum("happy", "sad", "calm", name="mood"), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), primary_key=True),
        sa.CheckConstraint("id > 0", name="positive"),
        sa.Index("ix_feeling_sad", "mood", postgresql_where=sa.text("mood = 'sad'")),
    )

    def write(root: Path) -> None:
        chain(ENUM)(root)
        index = "op.create_index('ix_feeling_sad', 'feeling', ['mood'])"
        undo = "op.drop_index('ix_feeling_sad', table_name='feeling')"
        write_revision(root, "1d0000000002", revision_id(ENUM), index, undo)

    drift = walker.walk(write, metadata=metadata).drift or ""
    for difference in (
        "enum mood: the models list 'happy', 'sad', 'calm'; the database has 'happy', 'sad'",
        "check constraint ck_feeling_positive on feeling: in the models only",
        "index ix_feeling_sad on feeling: WHERE mood = 'sad' is in the models only",
    ):
        assert difference in drift, drift


def test_drift_names_a_table_autogenerate_cannot_compare(walker: Walker) -> None:
    """An identity column in the models, a plain default in the database (warehouse's
    users.id against the bake's models): alembic's comparator asserts. The drift names
    that table in one line, compares the others, and the walk goes on to the downgrades."""
    sa = walker.tools["sa"]
    metadata = sa.MetaData()
    sa.Table("thing", metadata, sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True))
    sa.Table("other", metadata, sa.Column("id", sa.BigInteger(), primary_key=True))

    def write(root: Path) -> None:
        things = "op.execute('CREATE TABLE thing (id bigint DEFAULT 0 PRIMARY KEY)')"
        others = "op.execute('CREATE TABLE other (id bigint PRIMARY KEY, note text)')"
        write_revision(
            root,
            "1d0000000003",
            None,
            f"{things}\n{others}",
            "op.drop_table('other')\nop.drop_table('thing')",
        )

    verdicts = walker.walk(write, examples=False, metadata=metadata)
    drift = verdicts.drift or ""
    assert "- table thing: autogenerate cannot compare it with the models (AssertionError" in drift
    assert "op.drop_column('other', 'note')" in drift, drift  # the other table compared
    assert "Traceback" not in drift
    assert verdicts.downgrade is None, vars(verdicts)


def test_every_drop_only_the_catalog_sees_can_be_acknowledged(walker: Walker) -> None:
    """The gate's reader accepts an entry for each drop rule of the walk (a rename rule
    never): the registry's rules seen only on the catalog, and the one reader."""
    registry = importlib.import_module("release_checks.rules")
    acknowledgements = importlib.import_module("release_checks.acknowledgements")
    catalog = {rule.id for rule in registry.RULES.values() if rule.seen == {"catalog"}}
    drops = {rule for rule in catalog if rule.startswith("drop-")}
    assert drops == acknowledgements.CATALOG_DROPS
    assert not {rule for rule in acknowledgements.ACKNOWLEDGEABLE if rule.startswith("rename-")}
