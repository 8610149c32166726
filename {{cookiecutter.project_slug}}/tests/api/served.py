"""Helpers for tests of the app as it is served (the `served` fixture)."""

from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from pydantic import SecretStr
from sqlalchemy import URL

from {{ cookiecutter.project_slug }}.settings import Settings


def settings_for(settings: Settings, url: URL | str, **changes: object) -> Settings:
    """`settings` pointing at the database `url`, with `changes`."""
    database_url = url if isinstance(url, str) else url.render_as_string(hide_password=False)
    return settings.model_copy(update={"database_url": SecretStr(database_url), **changes})


def client_of(app: FastAPI) -> AsyncClient:
    return AsyncClient(transport=ASGITransport(app=app), base_url="http://test")
