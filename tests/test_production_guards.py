"""What production refuses and what it reports: a downgrade unless allowed, the readiness
check behind, at and ahead of head, a user who may not migrate, a hot standby."""

import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from support import clusters
from support.chain import (
    FAST,
    HEAD,
    SECOND,
    alembic,
    check_db,
    conninfo,
    one_line,
    version,
    wait_for,
)


def test_production_refuses_a_downgrade_unless_explicitly_allowed(
    chained_project: Path, env: dict[str, str]
) -> None:
    assert alembic(chained_project, "upgrade", "head", env=env).returncode == 0
    production = {**env, "ENVIRONMENT": "production"}

    result = alembic(chained_project, "downgrade", "-1", env=production)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    refused = result.stdout.strip()
    assert refused.startswith("FAILED: refusing to downgrade in production: it would undo")
    assert f"revision {HEAD} (create tag)" in refused
    assert "-x allow_downgrade=true" in refused
    assert version(env) == HEAD

    allowed = alembic(
        chained_project, "-x", "allow_downgrade=true", "downgrade", "-1", env=production
    )
    assert allowed.returncode == 0, allowed.stderr
    assert version(env) == SECOND
    # Upgrades are never in question.
    assert alembic(chained_project, "upgrade", "head", env=production).returncode == 0


def test_readiness_check_behind_at_and_ahead_of_head(
    chained_project: Path, env: dict[str, str]
) -> None:
    """Exit codes as the README documents them: 0 at head or provably ahead of it, 1 behind
    or at a revision it cannot prove descends from head, 2 when it cannot tell; `make
    check-db` turns every failure into make's own 2."""
    assert alembic(chained_project, "upgrade", SECOND, env=env).returncode == 0
    code, output = check_db(chained_project, env)
    assert code == 1
    assert f"behind: at {SECOND}, head is {HEAD}; run `alembic upgrade head`" in output
    code, output = check_db(chained_project, env, make=True)
    assert code == 2
    assert "database not ready: the database is behind" in output

    assert alembic(chained_project, "upgrade", "head", env=env).returncode == 0
    code, output = check_db(chained_project, env, make=True)
    assert code == 0, output
    assert f"database ready: at head ({HEAD})" in output

    with psycopg.connect(conninfo(env)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'bbbb00000009'")
    code, output = check_db(chained_project, env)
    assert code == 1
    assert "at bbbb00000009, a revision this code does not have, and alembic_lineage" in output
    # As a newer release's env.py records it: a revision descending from this head.
    with psycopg.connect(conninfo(env)) as connection:
        connection.execute("INSERT INTO alembic_lineage VALUES ('bbbb00000009', %s)", (HEAD,))
    code, output = check_db(chained_project, env, make=True)
    assert code == 0, output
    assert f"database ready: ahead of head ({HEAD}): at bbbb00000009, which descends" in output

    bad = {**env, "DATABASE_URL": "postgresql://svc:s3cret@127.0.0.1:0/app"}
    code, output = check_db(chained_project, bad)
    assert code == 2
    assert output.strip() == (
        "database not checked: invalid settings: DATABASE_URL: Value error, the port must be"
        " from 1 to 65535"
    )


@pytest.fixture
def role(env: dict[str, str]) -> Iterator[str]:
    """A login role of its own (no CREATE on the test database's schema); dropped after."""
    name = f"restricted_{os.urandom(4).hex()}"
    with psycopg.connect(conninfo(env), autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {name} LOGIN")
        try:
            yield name
        finally:
            admin.execute(f"DROP OWNED BY {name}")
            admin.execute(f"DROP ROLE {name}")


def test_a_user_who_may_not_migrate_gets_one_line(
    chained_project: Path, env: dict[str, str], role: str
) -> None:
    """A user without CREATE, a user the service reads as, a read-only session: one line
    each, nothing applied, never a traceback."""
    as_role = {**env, "DATABASE_URL": env["DATABASE_URL"].replace("postgres@", f"{role}@", 1)}
    assert role in as_role["DATABASE_URL"]
    result = alembic(chained_project, "upgrade", "head", env=as_role)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr  # alembic's log lines aside, one line
    assert result.stdout.strip() == (
        "FAILED: the migration was refused: permission denied for schema public. Migrate as a"
        " user who may change the schema, on the primary (MIGRATION_DATABASE_URL); nothing of"
        " it was applied"
    )
    assert version(env) is None

    assert alembic(chained_project, "upgrade", "head", env=env).returncode == 0
    code, output = check_db(chained_project, as_role)
    assert code == 2
    assert output.strip().startswith("database not checked: cannot read the schema version at")
    assert output.strip().endswith("permission denied for table alembic_version")

    database = conninfo(env).rpartition("/")[2]
    with psycopg.connect(conninfo(env), autocommit=True) as admin:
        admin.execute(
            f'ALTER ROLE CURRENT_USER IN DATABASE "{database}"'
            " SET default_transaction_read_only = on"
        )
    read_only = one_line(alembic(chained_project, "upgrade", "head", env=env))
    assert read_only.startswith("FAILED: the session is read-only (default_transaction_read_only")


@pytest.fixture(scope="module")
def replicated() -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    """Settings for a throwaway primary and for its hot standby."""
    with clusters.primary_and_standby() as (primary, standby):
        yield tuple(  # type: ignore[misc]
            {"DATABASE_URL": f"postgresql://postgres@127.0.0.1:{port}/postgres", **FAST}
            for port in (primary, standby)
        )


def test_a_standby_is_not_migrated_and_is_checked(
    chained_project: Path, replicated: tuple[dict[str, str], dict[str, str]]
) -> None:
    """`alembic upgrade head` (even with nothing to do) on a hot standby: one line that says
    so. `make check-db` reads a standby as well as the primary."""
    primary, standby = replicated
    assert alembic(chained_project, "upgrade", "head", env=primary).returncode == 0
    wait_for(lambda: version(standby) == HEAD, 30)

    refused = one_line(alembic(chained_project, "upgrade", "head", env=standby))
    assert refused == (
        "FAILED: the database is a standby (read-only, in recovery): migrate the primary"
        " (MIGRATION_DATABASE_URL); nothing was migrated"
    )
    code, output = check_db(chained_project, standby)
    assert code == 0, output
    assert output.strip() == f"database ready: at head ({HEAD})"
