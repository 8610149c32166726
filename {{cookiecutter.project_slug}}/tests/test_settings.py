from pathlib import Path

import pytest
from sqlalchemy import make_url

from {{ cookiecutter.project_slug }}.settings import (
    MAX_TIMEOUT,
    Settings,
    SettingsError,
    load_settings,
    milliseconds,
)

HOSTILE_PASSWORD = "p@ss:w/rd?#%41%%"
PARTS = ("POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (*PARTS, "DATABASE_URL", "MIGRATION_DATABASE_URL", "DATABASE_TRANSACTION_POOLER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir("/")  # no .env file


def test_url_is_built_from_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in zip(PARTS, ("db.internal", "6432", "svc", "secret", "svc_db"), strict=True):
        monkeypatch.setenv(name, value)
    url = load_settings().sqlalchemy_url
    assert url.render_as_string(hide_password=False) == (
        "postgresql+asyncpg://svc:secret@db.internal:6432/svc_db"
    )


def test_database_url_wins_and_gets_the_async_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSTGRES_HOST", "ignored")
    monkeypatch.setenv("DATABASE_URL", "postgres://svc:secret@db.internal:6432/svc_db")
    url = load_settings().sqlalchemy_url
    assert url.drivername == "postgresql+asyncpg"
    assert (url.host, url.port, url.database) == ("db.internal", 6432, "svc_db")


def test_empty_database_url_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "")
    monkeypatch.setenv("POSTGRES_HOST", "from-parts")
    assert load_settings().sqlalchemy_url.host == "from-parts"


def test_migrations_may_bypass_the_pooler(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://svc@pgbouncer:6432/app")
    assert load_settings().migration_sqlalchemy_url.host == "pgbouncer"
    monkeypatch.setenv("MIGRATION_DATABASE_URL", "postgresql://svc@db.internal:5432/app")
    settings = load_settings()
    assert settings.sqlalchemy_url.host == "pgbouncer"
    direct = settings.migration_sqlalchemy_url
    assert (direct.host, direct.port) == ("db.internal", 5432)
    assert direct.drivername == "postgresql+asyncpg"


def test_hostile_password_survives_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSTGRES_PASSWORD", HOSTILE_PASSWORD)
    url = load_settings().sqlalchemy_url
    assert url.password == HOSTILE_PASSWORD
    reparsed = make_url(url.render_as_string(hide_password=False))
    assert reparsed.password == HOSTILE_PASSWORD


def test_password_is_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSTGRES_PASSWORD", HOSTILE_PASSWORD)
    settings = load_settings()
    assert HOSTILE_PASSWORD not in repr(settings)
    assert HOSTILE_PASSWORD not in str(settings.sqlalchemy_url)


@pytest.mark.parametrize("name", ["DATABASE_URL", "MIGRATION_DATABASE_URL"])
def test_a_url_password_is_secret(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv(name, "postgresql://svc:hunter2-secret@db.internal/app")
    settings = load_settings()
    for shown in (repr(settings), str(settings), repr(settings.model_dump())):
        assert "hunter2" not in shown
    assert settings.migration_sqlalchemy_url.password == "hunter2-secret"


def test_a_hosted_url_with_sslmode_gets_asyncpg_ssl(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://svc:pw@db.example.com:5432/app?sslmode=require")
    url = load_settings().sqlalchemy_url
    assert dict(url.query) == {"ssl": "require"}
    assert (url.drivername, url.host, url.port) == ("postgresql+asyncpg", "db.example.com", 5432)


def test_a_unix_socket_url_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://svc@/app?host=/var/run/postgresql")
    assert dict(load_settings().sqlalchemy_url.query) == {"host": "/var/run/postgresql"}


def test_a_transaction_pooler_needs_a_migration_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://svc@pgbouncer:6432/app")
    monkeypatch.setenv("DATABASE_TRANSACTION_POOLER", "true")
    settings = load_settings()
    assert settings.database_transaction_pooler
    with pytest.raises(SettingsError, match="MIGRATION_DATABASE_URL: must be set"):
        _ = settings.migration_sqlalchemy_url
    monkeypatch.setenv("MIGRATION_DATABASE_URL", "postgresql://svc@db.internal:5432/app")
    assert load_settings().migration_sqlalchemy_url.host == "db.internal"


@pytest.mark.parametrize("seconds", [0.001, 0.0015, 1, MAX_TIMEOUT])
def test_every_valid_timeout_is_at_least_a_millisecond(seconds: float) -> None:
    assert 1 <= milliseconds(seconds) <= 2**31 - 1


def test_a_dotenv_that_is_not_utf8_is_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_bytes(b"POSTGRES_PASSWORD=s\xe9cret\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert str(error.value) == "invalid settings: .env is not UTF-8 text (byte 0xe9 at offset 19)"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("POSTGRES_PORT", "not-a-port"),
        ("POSTGRES_PORT", "70000"),
        ("DATABASE_URL", "mysql://u@h/db"),
        ("DATABASE_URL", "::not a url::"),
        ("ENVIRONMENT", "staging-ish"),
        ("POSTGRES_DB", ""),
        ("DATABASE_URL", "postgresql://u@h"),
        ("MIGRATION_LOCK_RETRIES", "-1"),
        ("MIGRATION_ADVISORY_LOCK_TIMEOUT", "0"),
        ("MIGRATION_DATABASE_URL", "mysql://u@h/db"),
        ("DATABASE_URL", "postgresql://u@h:70000/db"),
        ("DATABASE_URL", "postgresql://u@h:-1/db"),
        ("DATABASE_URL", "postgresql://u@h:0/db"),
        ("DATABASE_URL", "postgresql://u@h:port/db"),
        ("DATABASE_URL", "postgresql://u@h/db?sslmode=sometimes"),
        ("DATABASE_URL", "postgresql://u@h/db?application_name=svc"),
        ("POSTGRES_PORT", "0"),
        ("MIGRATION_LOCK_TIMEOUT", "inf"),
        ("MIGRATION_LOCK_TIMEOUT", "nan"),
        ("MIGRATION_LOCK_TIMEOUT", "0.0004"),
        ("MIGRATION_STATEMENT_TIMEOUT", "0"),
        ("MIGRATION_STATEMENT_TIMEOUT", str(MAX_TIMEOUT + 1)),
        ("MIGRATION_IDLE_IN_TRANSACTION_TIMEOUT", "-1"),
        ("DATABASE_TRANSACTION_POOLER", "maybe"),
    ],
)
def test_invalid_setting_is_named_in_one_line(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as error:
        load_settings()
    message = str(error.value)
    assert name in message
    assert "\n" not in message
    if name.endswith("URL"):
        assert value not in message


def test_an_unencoded_at_in_the_password_is_refused_without_showing_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://svc:Zq9@Xk7@db.internal/app")
    with pytest.raises(SettingsError) as error:
        load_settings()
    message = str(error.value)
    assert "%40" in message
    assert "Zq9" not in message
    assert "Xk7" not in message


def test_defaults_match_the_postgres_image() -> None:
    settings = Settings()
    assert (settings.postgres_user, settings.postgres_db, settings.postgres_port) == (
        "postgres",
        "postgres",
        5432,
    )
