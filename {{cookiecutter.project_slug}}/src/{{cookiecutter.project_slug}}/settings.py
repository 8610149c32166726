"""Configuration from the environment (or a `.env` file), validated once.

The database can be given whole, as `DATABASE_URL`, or in parts named as the official
postgres image names them (`POSTGRES_HOST`, `POSTGRES_USER`, ...), so one `.env` serves both
`compose.yaml` and the service.
"""

from functools import lru_cache
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import URL, make_url
from sqlalchemy.exc import ArgumentError

DRIVER = "postgresql+asyncpg"


class SettingsError(ValueError):
    """The environment holds an invalid setting; the message names the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"

    database_url: str | None = None
    postgres_host: str = Field(default="127.0.0.1", min_length=1)
    postgres_port: int = Field(default=5432, ge=1, le=65535)
    postgres_user: str = Field(default="postgres", min_length=1)
    postgres_password: SecretStr = SecretStr("")
    postgres_db: str = Field(default="postgres", min_length=1)

    # Migrations (see docs/migrations.md): how long a migration may wait for a table lock
    # or run one statement before it gives up, rather than stall the traffic behind it.
    migration_lock_timeout: float = Field(default=5, gt=0)
    migration_statement_timeout: float = Field(default=60, gt=0)
    # A revision that hit the lock timeout is tried again this many times, with backoff.
    migration_lock_retries: int = Field(default=3, ge=0)
    # How long a migrator waits for another one (a replica starting at the same time).
    migration_advisory_lock_timeout: float = Field(default=300, gt=0)
    # Migrations need a session of their own (an advisory lock, SET): when the service
    # goes through PgBouncer in transaction pooling, point this at PostgreSQL directly.
    migration_database_url: str | None = None

    @field_validator("database_url", "migration_database_url", mode="before")
    @classmethod
    def _empty_url_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("database_url", "migration_database_url")
    @classmethod
    def _must_be_postgresql(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                url = make_url(value)
            except ArgumentError:
                raise ValueError("not a database URL") from None
            if url.get_backend_name() not in ("postgresql", "postgres"):
                raise ValueError(f"not a PostgreSQL URL (scheme {url.drivername!r})")
            if not url.database:
                raise ValueError("the URL names no database")
        return value

    @property
    def sqlalchemy_url(self) -> URL:
        """The async URL. Built from parts, never by string formatting, so that any
        character in the password (`@ : / ? # %`) survives."""
        if self.database_url is not None:
            return make_url(self.database_url).set(drivername=DRIVER)
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
            return make_url(self.migration_database_url).set(drivername=DRIVER)
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


@lru_cache
def get_settings() -> Settings:
    return load_settings()
