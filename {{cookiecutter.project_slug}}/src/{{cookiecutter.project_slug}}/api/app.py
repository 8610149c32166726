"""The app factory: `uvicorn --factory {{ cookiecutter.project_slug }}.api.app:create_app` (what `make run`
and the image run)."""

import tomllib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path

from fastapi import FastAPI

from {{ cookiecutter.project_slug }}.api import health
from {{ cookiecutter.project_slug }}.api.deprecation import send_deprecation_headers
from {{ cookiecutter.project_slug }}.api.errors import HANDLERS
from {{ cookiecutter.project_slug }}.db.session import create_engine, create_session_factory
from {{ cookiecutter.project_slug }}.settings import Settings, SettingsError, get_settings

PACKAGE = __name__.partition(".")[0]


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The engine lives as long as the app: made at start-up, its connections closed at
    shutdown (uvicorn waits for the requests in flight first)."""
    engine = create_engine(app.state.settings)
    app.state.sessions = create_session_factory(engine)
    try:
        yield
    finally:
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
    )
    app.state.settings = settings
    app.include_router(health.router)
    send_deprecation_headers(app)  # after the last router: it wraps deprecated routes
    return app
