"""The app factory, `create_app`: what `uvicorn --factory` runs (`make run`, the image's
default command). Its import path is `[tool.release_checks] api_app` in pyproject.toml."""

import gc
import tomllib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path

from fastapi import FastAPI
from fastapi.routing import APIRoute

from {{ cookiecutter.project_slug }}.api import {% if cookiecutter.include_examples == "yes" %}accounts, health, users{% else %}health{% endif %}
from {{ cookiecutter.project_slug }}.api.body_limit import BodyLimit
from {{ cookiecutter.project_slug }}.api.deprecation import (
    count_deprecated_calls,
    send_deprecation_headers,
)
from {{ cookiecutter.project_slug }}.api.errors import HANDLERS
from {{ cookiecutter.project_slug }}.api.schemas import integer_bounds
from {{ cookiecutter.project_slug }}.db.session import (
    ConnectionQueue,
    create_engine,
    create_read_session_factory,
    create_session_factory,
)
from {{ cookiecutter.project_slug }}.settings import Settings, SettingsError, get_settings

PACKAGE = __name__.partition(".")[0]


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The engine lives as long as the app: made at start-up, its connections closed at
    shutdown (uvicorn waits for the requests in flight first)."""
    settings: Settings = app.state.settings
    engine = create_engine(settings)
    app.state.engine = engine
    app.state.connection_queue = ConnectionQueue(
        settings.database_pool_size, settings.database_pool_timeout
    )
    app.state.sessions = create_session_factory(engine)
    app.state.read_sessions = create_read_session_factory(engine)
    # What start-up made (modules, mappers, routes, schemas) lives as long as the process:
    # out of the garbage collector's sight, each full collection no longer walks it, which
    # under load was much of the p99 (bench/README.md). Given back at shutdown.
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        await engine.dispose()


def describe() -> tuple[str, str, str]:
    """The name, version and summary the package was installed with, or, run from a source
    checkout without installing, those in its pyproject.toml: one source for both."""
    try:
        found = metadata(PACKAGE)
        return found["Name"], found["Version"], found["Summary"]
    except PackageNotFoundError:
        pyproject = Path(__file__).resolve().parents[3] / "pyproject.toml"
        project = tomllib.loads(pyproject.read_text())["project"]
        return project["name"], project["version"], project["description"]


def operation_id(route: APIRoute) -> str:
    """The route function's name (`create_account`): what clients generated from the
    OpenAPI document call their methods. FastAPI's default appends the path and method."""
    return route.name


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service, reading its settings from the environment unless given them."""
    if settings is None:
        try:
            settings = get_settings()
        except SettingsError as error:
            raise SystemExit(f"cannot start: {error}") from None  # one line, no traceback
    title, version, summary = describe()
    app = FastAPI(
        title=title,
        version=version,
        description=summary,
        lifespan=lifespan,
        exception_handlers=HANDLERS,
        generate_unique_id_function=operation_id,
    )
    app.openapi = lambda: integer_bounds(FastAPI.openapi(app))  # type: ignore[method-assign]
    app.add_middleware(BodyLimit, limit=settings.max_request_body_size)
    app.state.settings = settings
    app.include_router(health.router)
{%- if cookiecutter.include_examples == "yes" %}
    app.include_router(accounts.router)
    app.include_router(users.router)
{%- endif %}
    send_deprecation_headers(app)  # after the last router: it reads the app's document
    count_deprecated_calls(app)  # logs each use of what is deprecated (docs/migrations.md)
    return app
