"""`unwalked-branch`: the revision chooses what it does by what the walk cannot
reproduce: an environment variable, the service's settings, `sys.argv`, alembic's `-x` or
`--tag` arguments or its config, the server's version or a setting, or in an `if` the
clock, chance, the data (a query's result) or, outside downgrade(), what the database
holds (SQLAlchemy's inspector: `has_table`, `get_columns`...).

The walk runs the revision once, on its own server, clock and empty tables, holding only
what the history made: what another choice does in production no check sees. Refused
unless the revision says, in one line, what the walk could not exercise.
"""

from ._rule import RevisionExample, Rule

# A revision that must choose at run time says what the walk could not exercise here.
UNWALKED = "unwalked_branches"

RULE = Rule(
    id="unwalked-branch",
    summary=(
        "the revision chooses what it does by the environment or the service's settings, "
        "the command line, alembic's -x or --tag arguments or config, the clock, chance, "
        "the server's version or a setting, the data, or what the database holds"
    ),
    hint=(
        "write one revision that does the same everywhere; or say in `unwalked_branches` "
        "what the walk could not exercise"
    ),
    seen=frozenset({"files"}),
    refused=(
        RevisionExample(
            upgrade="""
import os

if os.environ.get("EXAMPLE_BIG"):
    op.create_index("ix_example_note", "example", ["note"])
""",
            downgrade='op.execute("DROP INDEX IF EXISTS ix_example_note")',
        ),
        RevisionExample(
            upgrade="""
from os import getenv

op.execute(f"ALTER TABLE example SET (fillfactor = {getenv('FILLFACTOR', '100')})")
""",
            downgrade='op.execute("ALTER TABLE example RESET (fillfactor)")',
        ),
        RevisionExample(
            upgrade="""
if context.get_x_argument(as_dictionary=True).get("notes") == "indexed":
    op.create_index("ix_example_note", "example", ["note"])
""",
            downgrade='op.execute("DROP INDEX IF EXISTS ix_example_note")',
        ),
        RevisionExample(
            upgrade="""
import sys

if "--big" in sys.argv:
    op.create_index("ix_example_note", "example", ["note"])
""",
            downgrade='op.execute("DROP INDEX IF EXISTS ix_example_note")',
        ),
        RevisionExample(
            upgrade="""
if context.get_tag_argument() == "indexed":
    op.create_index("ix_example_note", "example", ["note"])
""",
            downgrade='op.execute("DROP INDEX IF EXISTS ix_example_note")',
        ),
        RevisionExample(
            upgrade="""
import random

if random.random() < 0.5:
    op.create_index("ix_example_note", "example", ["note"])
""",
            downgrade='op.execute("DROP INDEX IF EXISTS ix_example_note")',
        ),
        RevisionExample(
            upgrade="""
import datetime

if datetime.date.today().year >= 2030:
    op.create_index("ix_example_note", "example", ["note"])
""",
            downgrade='op.execute("DROP INDEX IF EXISTS ix_example_note")',
        ),
        RevisionExample(
            upgrade="""
if not context.is_offline_mode():
    if op.get_bind().dialect.server_version_info >= (16,):
        op.create_index("ix_example_note", "example", ["note"])
""",
            downgrade='op.execute("DROP INDEX IF EXISTS ix_example_note")',
        ),
        RevisionExample(
            upgrade="""
if context.config.get_main_option("example_notes") == "indexed":
    op.create_index("ix_example_note", "example", ["note"])
""",
            downgrade='op.execute("DROP INDEX IF EXISTS ix_example_note")',
        ),
        RevisionExample(
            upgrade="""
if not context.is_offline_mode():
    rows = op.get_bind().execute(sa.text("SELECT count(*) FROM example")).scalar()
    if rows and rows > 1000:
        op.create_index("ix_example_note", "example", ["note"])
""",
            downgrade='op.execute("DROP INDEX IF EXISTS ix_example_note")',
        ),
        RevisionExample(
            upgrade="""
op.execute(
    \"\"\"
    DO $$ BEGIN
        IF current_setting('server_version_num')::int >= 160000 THEN
            CREATE INDEX ix_example_note ON example (note);
        END IF;
    END $$
    \"\"\"
)
""",
            downgrade='op.execute("DROP INDEX IF EXISTS ix_example_note")',
        ),
        RevisionExample(
            upgrade="""
op.execute(
    \"\"\"
    DO $$ BEGIN
        IF current_setting('example.big', true) = 'on' THEN
            CREATE INDEX ix_example_note ON example (note);
        END IF;
    END $$
    \"\"\"
)
""",
            downgrade='op.execute("DROP INDEX IF EXISTS ix_example_note")',
        ),
        RevisionExample(
            upgrade="""
op.execute(
    \"\"\"
    DO $$
    DECLARE
        statement text;
    BEGIN
        SELECT string_agg(format('ALTER TABLE %I SET (fillfactor = 90)', tablename), '; ')
        INTO statement FROM pg_tables WHERE schemaname = 'public';
        EXECUTE statement;
    END
    $$
    \"\"\"
)
""",
            downgrade="pass",
        ),
        # Leaving early, by the data, skips the DDL that follows.
        RevisionExample(
            upgrade="""
if not context.is_offline_mode():
    if op.get_bind().execute(sa.text("SELECT count(*) FROM example")).scalar():
        return
op.create_index("ix_example_note", "example", ["note"])
""",
            downgrade='op.execute("DROP INDEX IF EXISTS ix_example_note")',
        ),
        RevisionExample(
            upgrade="""
if not context.is_offline_mode():
    inspector = sa.inspect(op.get_bind())
    if "remark" not in {column["name"] for column in inspector.get_columns("example")}:
        op.add_column("example", sa.Column("remark", sa.Text(), nullable=True))
""",
            downgrade='op.execute("ALTER TABLE example DROP COLUMN IF EXISTS remark")',
        ),
        RevisionExample(
            upgrade="""
if not context.is_offline_mode() and not sa.inspect(op.get_bind()).has_table("example_log"):
    op.create_table(
        "example_log", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True)
    )
""",
            downgrade='op.execute("DROP TABLE IF EXISTS example_log")',
        ),
    ),
    passing=(
        # The data chooses which rows to write, or stops the revision with an error; the
        # schema it leaves is the same everywhere.
        RevisionExample(
            upgrade="""
def fill_remarks():
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT count(*) FROM example WHERE name = ''")).scalar():
        raise RuntimeError("give every example a name first")
    for row in bind.execute(sa.text("SELECT id, note FROM example")):
        if row.note is None:
            bind.execute(sa.text("UPDATE example SET remark = '-' WHERE id = :id"), row._asdict())
        else:
            bind.execute(sa.table("example").update().values(remark=row.note))


op.add_column("example", sa.Column("remark", sa.Text(), nullable=True))
if not context.is_offline_mode():
    fill_remarks()
""",
            downgrade='op.drop_column("example", "remark")',
        ),
        # The same schema whatever the database holds: PostgreSQL's IF NOT EXISTS, no
        # Python branch.
        RevisionExample(
            upgrade='op.execute("ALTER TABLE example ADD COLUMN IF NOT EXISTS remark text")',
            downgrade='op.execute("ALTER TABLE example DROP COLUMN IF EXISTS remark")',
        ),
        RevisionExample(
            upgrade="""
import datetime

for name in ("remark", "extra"):
    if name == "remark":
        op.add_column("example", sa.Column(name, sa.Text(), nullable=True))
if not context.is_offline_mode():
    bind = op.get_bind()
    for row in bind.execute(sa.text("SELECT id FROM example WHERE note = ''")).fetchall():
        at = datetime.datetime.now().isoformat()
        update = sa.text("UPDATE example SET remark = :at WHERE id = :id")
        bind.execute(update, {"at": at, "id": row.id})
""",
            downgrade='op.drop_column("example", "remark")',
        ),
        RevisionExample(  # a random value written, chosen by nothing
            upgrade="""
import uuid

op.add_column("example", sa.Column("token", sa.Text(), nullable=True))
op.execute(
    sa.text("UPDATE example SET token = :token").bindparams(token=str(uuid.uuid4()))
)
""",
            downgrade='op.drop_column("example", "token")',
        ),
        RevisionExample(
            upgrade="""
import os

if os.environ.get("EXAMPLE_REMARK"):
    op.add_column("example", sa.Column("remark", sa.Text(), nullable=True))
""",
            downgrade='op.execute("ALTER TABLE example DROP COLUMN IF EXISTS remark")',
            declarations="""
unwalked_branches = "with EXAMPLE_REMARK set, the column remark; the walk runs without it"
""",
        ),
    ),
)
