"""One `op.execute()` string of several commands runs, through env.py on the real server,
inside its revision's transaction (db/several_commands.py); a `;` that ends nothing leaves
a statement alone."""

from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import URL, text
from sqlalchemy.exc import DBAPIError

from {{ cookiecutter.project_slug }}.db.several_commands import several_commands

from release_checks.databases import on_connection, run_on

# Not the service: an older release's copy of these tests proves nothing about a newer
# schema, so make test-compat leaves them out.
pytestmark = pytest.mark.own_tree

REVISION = """
from alembic import op

revision = "{revision}"
down_revision = {parent!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    {upgrade}


def downgrade() -> None:
    {downgrade}
"""

MOOD = (
    "op.execute(\"CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE TABLE person (m mood)\")",
    'op.execute("DROP TABLE person; DROP TYPE mood")',
)
# A label added; the downgrade makes the type again without it, in one string, as public
# histories write it (a label cannot be dropped).
HAPPY = (
    "op.execute(\"ALTER TYPE mood ADD VALUE 'happy'\")",
    """op.execute(
        '''
        ALTER TYPE mood RENAME TO mood_old;  -- the column follows the rename
        CREATE TYPE mood AS ENUM ('sad', 'ok');
        ALTER TABLE person ALTER COLUMN m TYPE mood USING m::text::mood;
        DROP TYPE mood_old;
        '''
    )""",
)


def write(versions: Path, *revisions: tuple[str, str]) -> None:
    """A history of `revisions` (upgrade, downgrade), ids a0000000000N, in `versions`."""
    parent = None
    for number, (upgrade, downgrade) in enumerate(revisions, 1):
        revision = f"a{number:011d}"
        body = REVISION.format(
            revision=revision, parent=parent, upgrade=upgrade, downgrade=downgrade
        )
        (versions / f"{revision}.py").write_text(body)
        parent = revision


async def alembic(url: URL, versions: Path, verb: str, target: str) -> None:
    """`alembic upgrade|downgrade target` through env.py, on the revisions in `versions`."""

    def run(config: Config) -> None:
        config.set_main_option("version_locations", str(versions))
        getattr(command, verb)(config, target)

    await run_on(url, run)


async def labels(url: URL) -> list[str]:
    sql = "SELECT enumlabel FROM pg_enum WHERE enumtypid = 'mood'::regtype ORDER BY enumsortorder"
    return await on_connection(url, lambda c: list(c.execute(text(sql)).scalars()))


async def test_a_label_added_and_the_type_made_again_in_one_string(
    empty_database: URL, tmp_path: Path
) -> None:
    write(tmp_path, MOOD, HAPPY)
    await alembic(empty_database, tmp_path, "upgrade", "head")
    assert await labels(empty_database) == ["sad", "ok", "happy"]
    await alembic(empty_database, tmp_path, "downgrade", "-1")
    assert await labels(empty_database) == ["sad", "ok"]
    await alembic(empty_database, tmp_path, "upgrade", "head")
    assert await labels(empty_database) == ["sad", "ok", "happy"]


async def test_a_string_rolls_back_with_its_revision(empty_database: URL, tmp_path: Path) -> None:
    """The string runs first in the second revision of the run (before the adapter has
    begun a transaction) and succeeds; the next statement fails: nothing of the string is
    left, and the revision before it stays applied."""
    tables = "op.execute('CREATE TABLE one (id int); CREATE TABLE two (id int)')"
    fails = "op.execute('SELECT missing FROM one')"
    write(
        tmp_path,
        ("op.execute('CREATE TABLE zero (id int)')", "pass"),
        (f"{tables}\n    {fails}", "pass"),
    )
    with pytest.raises(DBAPIError, match='column "missing" does not exist'):
        await alembic(empty_database, tmp_path, "upgrade", "head")
    sql = "SELECT array_agg(relname::text) FROM pg_class WHERE relname IN ('zero', 'one', 'two')"
    assert await on_connection(empty_database, lambda c: c.scalar(text(sql))) == ["zero"]


async def test_a_failing_command_says_the_servers_words(
    empty_database: URL, tmp_path: Path
) -> None:
    write(tmp_path, ("op.execute('CREATE TABLE one (id int); SELECT 1/0')", "pass"))
    with pytest.raises(DBAPIError, match="division by zero") as raised:
        await alembic(empty_database, tmp_path, "upgrade", "head")
    assert getattr(raised.value.orig, "sqlstate", None) == "22012"


@pytest.mark.parametrize(
    "sql",
    [
        "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END $body$",
        "SELECT 1; -- a comment after the end\n/* ; and another */",
        "SELECT ';', \"a;b\", E'\\';' AS x;",
    ],
)
def test_a_semicolon_that_ends_nothing_leaves_one_statement(sql: str) -> None:
    assert not several_commands(sql)


@pytest.mark.parametrize(
    "sql", ["SELECT 1; SELECT 2", "SELECT 'a;' /* ; */; SELECT 2", "SELECT $$;$$; SELECT 2"]
)
def test_a_second_command_is_seen(sql: str) -> None:
    assert several_commands(sql)


async def test_a_dollar_quoted_body_runs_as_one_statement(
    empty_database: URL, tmp_path: Path
) -> None:
    body = "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$"
    write(tmp_path, (f"op.execute({body!r})", "op.execute('DROP FUNCTION f()')"))
    await alembic(empty_database, tmp_path, "upgrade", "head")
    assert await on_connection(empty_database, lambda c: c.scalar(text("SELECT f()"))) == 1
