import pytest
from sqlalchemy import make_url

from {{ cookiecutter.project_slug }}.settings import Settings, SettingsError, load_settings

HOSTILE_PASSWORD = "p@ss:w/rd?#%41%%"
PARTS = ("POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (*PARTS, "DATABASE_URL", "MIGRATION_DATABASE_URL"):
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


def test_defaults_match_the_postgres_image() -> None:
    settings = Settings()
    assert (settings.postgres_user, settings.postgres_db, settings.postgres_port) == (
        "postgres",
        "postgres",
        5432,
    )
