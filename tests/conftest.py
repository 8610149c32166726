"""Fixtures for the template's specification: baking, running what was baked, and
throwaway databases on the PostgreSQL the generated project's own settings point at."""

import asyncio
import importlib
import os
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import psycopg
import pytest

from support.project import DEFAULT_SLUG, bake, server_conninfo

# The fixtures of the tests that migrate a live database (chained_project, own_project, env).
pytest_plugins = ["support.chain"]


@pytest.fixture(scope="session", autouse=True)
def forget_proofs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A baked project whose migration tests pass keeps a proof of its history on the
    server (a template database whose comment ends with the project's directory). The
    tests' projects are gone at the end of the session, and so are their proofs."""
    yield
    under = str(tmp_path_factory.getbasetemp())
    with psycopg.connect(server_conninfo(), autocommit=True) as connection:
        rows = connection.execute(
            "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname LIKE '%\\_proof\\_%'"
        ).fetchall()
        for name, comment in rows:
            first_line = (comment or "").split("\n")[0]  # then its dependencies
            directory = first_line.split(maxsplit=3)[3:]  # key, digest, time, directory
            if directory and directory[0].startswith(under):
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session", autouse=True)
def shared_mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """One mypy cache for every project the run bakes, shared by the xdist workers (their
    base temp directories have one parent). Each bake type-checks the same dependencies,
    which are most of mypy's work; mypy keys its cache by Python version and checks every
    entry against its source, so the verdicts are the same as with a cold cache."""
    os.environ["MYPY_CACHE_DIR"] = str(tmp_path_factory.getbasetemp().parent / "mypy-cache")


@pytest.fixture(scope="session")
def default_project(cookies_session: Any) -> Path:
    """The default bake, shared read-only by the tests of a session."""
    return bake(cookies_session)


@pytest.fixture
def project(cookies: Any) -> Path:
    """A private default bake, for tests that change it."""
    return bake(cookies)


@pytest.fixture(scope="session")
def generated(default_project: Path) -> Iterator[dict[str, ModuleType]]:
    """The generated project's settings and database helpers, imported from the default
    bake: the template's tests find PostgreSQL exactly as a generated project does."""
    paths = [str(default_project / "src"), str(default_project)]
    sys.path[:0] = paths
    try:
        yield {
            "settings": importlib.import_module(f"{DEFAULT_SLUG}.settings"),
            "databases": importlib.import_module("release_checks.databases"),
        }
    finally:
        for path in paths:
            sys.path.remove(path)


@pytest.fixture
def database_env(generated: dict[str, ModuleType]) -> Iterator[dict[str, str]]:
    """Environment pointing a baked project at a new, empty database; dropped after."""
    url = generated["settings"].load_settings().sqlalchemy_url
    databases = generated["databases"]
    name = databases.unique_name(url, "template")
    new_url = asyncio.run(databases.create_database(url, name))
    try:
        yield {
            "DATABASE_URL": new_url.render_as_string(hide_password=False),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    finally:
        asyncio.run(databases.drop_database(new_url))


@pytest.fixture(scope="module")
def role(generated: dict[str, ModuleType]) -> Iterator[str]:
    """A role of the tests' own (roles belong to the whole server); dropped at the end, so
    whatever it owns must be gone by then."""
    name = f"template_test_{secrets.token_hex(4)}"
    url = generated["settings"].load_settings().sqlalchemy_url
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f"CREATE ROLE {name}")
        yield name
        connection.execute(f"DROP ROLE {name}")
