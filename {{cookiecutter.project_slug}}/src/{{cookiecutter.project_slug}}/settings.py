"""Configuration from the environment (or a `.env` file), validated once.

The database can be given whole, as `DATABASE_URL`, or in parts named as the official
postgres image names them (`POSTGRES_HOST`, `POSTGRES_USER`, ...), so one `.env` serves both
`compose.yaml` and the service.
"""

from functools import lru_cache
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import URL, make_url
from sqlalchemy.exc import ArgumentError

DRIVER = "postgresql+asyncpg"

# PostgreSQL keeps its timeouts in whole milliseconds, at most INT_MAX of them, and 0 means
# "no timeout": a timeout must be at least a millisecond, and at most about 24 days.
MAX_TIMEOUT = 2_147_483
Seconds = Annotated[float, Field(ge=0.001, le=MAX_TIMEOUT, allow_inf_nan=False)]

# libpq's `sslmode` values (hosted databases' URLs carry `?sslmode=require`); asyncpg takes
# the same values under the name `ssl`.
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
# The URL parameters asyncpg understands (`host`: a Unix socket's directory, or several
# hosts), and libpq's `sslmode`. Any other would fail at the first connection.
URL_PARAMETERS = ("sslmode", "ssl", "host", "target_session_attrs")


class SettingsError(ValueError):
    """The environment holds an invalid setting; the message names the variable."""


def milliseconds(seconds: float) -> int:
    """A validated timeout in PostgreSQL's unit (never 0, which would mean no timeout)."""
    return max(1, round(seconds * 1000))


def parse_database_url(value: str) -> URL:
    """`value` as an asyncpg URL, or `ValueError` with a reason that never quotes the URL:
    it holds a password."""
    try:
        url = make_url(value)
    except (ArgumentError, ValueError) as error:
        raise ValueError(
            "not a database URL (postgresql://user:password@host:port/database)"
        ) from error
    if url.get_backend_name() not in ("postgresql", "postgres"):
        raise ValueError(f"not a PostgreSQL URL (scheme {url.drivername!r})")
    if url.host and "@" in url.host:
        # `user:p@ss@host` splits at the first `@`: part of the password would be the host.
        raise ValueError("the URL has more than one '@': write an '@' in the password as %40")
    if url.port is not None and not 1 <= url.port <= 65535:
        raise ValueError("the port must be from 1 to 65535")
    if not url.database:
        raise ValueError("the URL names no database")
    if unknown := sorted(set(url.query) - set(URL_PARAMETERS)):
        supported = ", ".join(URL_PARAMETERS)
        raise ValueError(f"unsupported URL parameter {unknown[0]!r} (supported: {supported})")
    query = dict(url.query)
    if "sslmode" in query:
        query["ssl"] = query.pop("sslmode")
    if query.get("ssl", SSL_MODES[0]) not in SSL_MODES:
        raise ValueError(f"sslmode must be one of {', '.join(SSL_MODES)}")
    return url.set(drivername=DRIVER, query=query)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"

    # Secret as a whole: a URL holds the password.
    database_url: SecretStr | None = None
    postgres_host: str = Field(default="127.0.0.1", min_length=1)
    postgres_port: int = Field(default=5432, ge=1, le=65535)
    postgres_user: str = Field(default="postgres", min_length=1)
    postgres_password: SecretStr = SecretStr("")
    postgres_db: str = Field(default="postgres", min_length=1)
    # The service reaches PostgreSQL through a pooler in transaction mode (PgBouncer's
    # `pool_mode = transaction`), whose server connections other clients share: no named
    # or cached prepared statements then (db/session.py).
    database_transaction_pooler: bool = False
    # The service's connections (db/session.py): at most this many per process, and a
    # request waits this long for one to come free before it is answered 503.
    database_pool_size: int = Field(default=10, ge=1, le=10_000)
    database_pool_timeout: Seconds = 5
{%- if cookiecutter.api == "fastapi" %}
    # The largest request body the service reads, in bytes; a larger one is answered 413.
    max_request_body_size: int = Field(default=1_048_576, ge=1)
{%- endif %}

    # Migrations (see docs/migrations.md): how long a migration may wait for a table lock
    # or run one statement before it gives up, rather than stall the traffic behind it.
    migration_lock_timeout: Seconds = 5
    migration_statement_timeout: Seconds = 60
    # A revision that hit the lock timeout is tried again this many times, with backoff.
    migration_lock_retries: int = Field(default=3, ge=0)
    # How long a migrator waits for another one (a replica starting at the same time).
    migration_advisory_lock_timeout: Seconds = 300
    # A migrator that stops answering inside a transaction (frozen, paused) has its session
    # ended by the server after this long, which releases the table locks it holds.
    migration_idle_in_transaction_timeout: Seconds = 10
    # Migrations need a session of their own (an advisory lock, SET): when the service
    # goes through PgBouncer in transaction pooling, point this at PostgreSQL directly.
    migration_database_url: SecretStr | None = None

    @field_validator("database_url", "migration_database_url", mode="before")
    @classmethod
    def _must_be_postgresql(cls, value: object) -> object:
        if value == "" or value is None:
            return None  # empty counts as unset
        if isinstance(value, str):
            parse_database_url(value)
        return value

    @property
    def sqlalchemy_url(self) -> URL:
        """The async URL. Built from parts, never by string formatting, so that any
        character in the password (`@ : / ? # %`) survives."""
        if self.database_url is not None:
            return parse_database_url(self.database_url.get_secret_value())
        return URL.create(
            DRIVER,
            username=self.postgres_user,
            password=self.postgres_password.get_secret_value() or None,
            host=self.postgres_host,
            port=self.postgres_port,
            database=self.postgres_db,
        )

    @property
    def migration_sqlalchemy_url(self) -> URL:
        """Where migrations run: `MIGRATION_DATABASE_URL` if set, else the service's URL."""
        if self.migration_database_url is not None:
            return parse_database_url(self.migration_database_url.get_secret_value())
        if self.database_transaction_pooler:
            raise SettingsError(
                "MIGRATION_DATABASE_URL: must be set when DATABASE_TRANSACTION_POOLER is: a"
                " migration needs a session of its own, on PostgreSQL directly or through"
                " session pooling"
            )
        return self.sqlalchemy_url


def load_settings() -> Settings:
    """Read the settings, turning a validation failure into one line that names the
    variables at fault (and never echoes their values: one may be a password)."""
    try:
        return Settings()
    except ValidationError as error:
        faults = "; ".join(
            f"{'_'.join(str(part) for part in fault['loc']).upper()}: {fault['msg']}"
            for fault in error.errors()
        )
        raise SettingsError(f"invalid settings: {faults}") from None
    except UnicodeDecodeError as error:
        raise SettingsError(
            f"invalid settings: .env is not UTF-8 text (byte {error.object[error.start]:#04x}"
            f" at offset {error.start})"
        ) from None


@lru_cache
def get_settings() -> Settings:
    return load_settings()
