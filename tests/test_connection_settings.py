"""Every bad connection setting is one clear line that never shows the password; a hostile
password and a hosted URL's sslmode work; development defaults stay local."""

import re
import shutil
from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from support import clusters
from support.chain import (
    FAST,
    HEAD,
    alembic,
    one_line,
)
from support.project import run

HOSTILE_PASSWORD = "p%41@:/?#w%%d"


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        pytest.param(
            {"DATABASE_URL": "postgresql://svc@no-such-host.invalid/app"},
            'cannot connect to PostgreSQL at no-such-host.invalid:5432, database "app",'
            ' user "svc": unknown host',
            id="unreachable-host",
        ),
        pytest.param(
            {"DATABASE_URL": "postgresql://svc@127.0.0.1:{port}/app"},
            "cannot connect to PostgreSQL at 127.0.0.1:{port}",
            id="wrong-port",
        ),
        pytest.param(
            {"DATABASE_URL": "postgresql://postgres@127.0.0.1/no_such_database"},
            'database "no_such_database" does not exist',
            id="missing-database",
        ),
        pytest.param(
            {"DATABASE_URL": "::not a url::"},
            "DATABASE_URL: Value error, not a database URL",
            id="invalid-url",
        ),
        pytest.param(
            {"DATABASE_URL": "", "POSTGRES_DB": ""},
            "POSTGRES_DB: String should have at least 1 character",
            id="missing-setting",
        ),
    ],
)
def test_bad_input_is_one_clear_line(
    chained_project: Path, env: dict[str, str], settings: dict[str, str], expected: str
) -> None:
    port = str(clusters.free_port())
    bad = {name: value.replace("{port}", port) for name, value in settings.items()}
    line = one_line(alembic(chained_project, "upgrade", "head", env={**env, **bad}))
    assert line.startswith("FAILED: ")
    assert expected.replace("{port}", port) in line


@pytest.fixture(scope="module")
def scram_server() -> Iterator[dict[str, str]]:
    """A throwaway PostgreSQL that checks passwords (the shared one trusts everyone) and
    takes TCP connections over TLS only, with the hostile password set for `postgres`."""
    with clusters.scram_cluster(HOSTILE_PASSWORD, tls_only=True) as (_, _, port):
        yield {**clusters.environment(port, HOSTILE_PASSWORD), **FAST}


def test_hostile_password_connects_and_a_wrong_one_is_named_without_it(
    chained_project: Path, scram_server: dict[str, str]
) -> None:
    migrated = alembic(chained_project, "upgrade", "head", env=scram_server)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    assert alembic(chained_project, "current", env=scram_server).stdout.strip() == f"{HEAD} (head)"

    wrong = {**scram_server, "POSTGRES_PASSWORD": HOSTILE_PASSWORD + "x"}
    line = one_line(alembic(chained_project, "upgrade", "head", env=wrong))
    port = scram_server["POSTGRES_PORT"]
    assert line == (
        f'FAILED: cannot connect to PostgreSQL at 127.0.0.1:{port}, database "postgres",'
        ' user "postgres": password authentication failed for user "postgres"'
    )
    assert not re.search(re.escape(HOSTILE_PASSWORD[:4]), line)


def test_a_hosted_url_with_sslmode_works(
    chained_project: Path, scram_server: dict[str, str]
) -> None:
    """`?sslmode=...`, as hosted databases write their URLs, reaches the driver: `require`
    connects over TLS, `disable` is turned away by a server that takes TLS only."""
    port = scram_server["POSTGRES_PORT"]
    url = f"postgresql://postgres:{quote(HOSTILE_PASSWORD, safe='')}@127.0.0.1:{port}/postgres"
    required = {**scram_server, "DATABASE_URL": f"{url}?sslmode=require"}
    assert alembic(chained_project, "current", env=required).returncode == 0
    refused = {**required, "DATABASE_URL": f"{url}?sslmode=disable"}
    line = one_line(alembic(chained_project, "current", env=refused))
    assert "no encryption" in line
    assert HOSTILE_PASSWORD[:4] not in line


def test_the_development_database_and_env_files_stay_local(
    default_project: Path, tmp_path: Path
) -> None:
    """compose.yaml publishes PostgreSQL on loopback only; git ignores every `.env.*` but
    the example, and the image's build context every one."""
    compose = yaml.safe_load((default_project / "compose.yaml").read_text())
    (published,) = compose["services"]["db"]["ports"]
    assert published.startswith("127.0.0.1:"), published

    project = Path(shutil.copytree(default_project, tmp_path / "project"))
    run("git", "init", "--quiet", cwd=project)
    names = [".env", ".env.production", ".env.local", ".env.example"]
    for name in names:
        (project / name).touch()
    checked = run("git", "check-ignore", *names, cwd=project, check=False)
    assert checked.stdout.split() == names[:-1]
    # Docker matches these patterns as fnmatch does (Go's filepath.Match, no `**` here).
    lines = (project / ".dockerignore").read_text().splitlines()
    patterns = [line for line in lines if line and not line.startswith(("#", "!"))]
    assert not [line for line in lines if line.startswith("!.env")]
    assert all(any(fnmatch(name, pattern) for pattern in patterns) for name in names)
