"""The project the tools work on, read in one place: its root, its Alembic config, and
the settings the rules read (`[project] version` and `[tool.release_checks]` in
pyproject.toml, and the release record)."""

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic.config import Config
from sqlalchemy import Connection

from .release import RECORD, Release, read_release

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ALEMBIC_INI = PROJECT_ROOT / "alembic.ini"
PYPROJECT = "pyproject.toml"
TOOL = "release_checks"  # pyproject.toml's [tool.release_checks]
LEGACY_TOOL = "migration_tools"  # its name before the package was renamed, still read
# squawk's style preferences a project makes refusals (advice otherwise): gate/squawk.py
SQUAWK_REFUSE = f"[tool.{TOOL}] squawk_refuse"


class GateError(Exception):
    """A command cannot run (a bad setting, an unreadable file), as opposed to a finding."""


def alembic_config(connection: Connection | None = None) -> Config:
    """The project's Alembic config; with `connection`, env.py migrates on it."""
    config = Config(ALEMBIC_INI)
    config.attributes["configure_logger"] = False
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _pyproject(root: Path) -> dict[str, Any]:
    path = root / PYPROJECT
    try:
        return tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise GateError(f"cannot read {path}: {error}") from None


def _tool(data: dict[str, Any]) -> dict[str, Any]:
    tables = data.get("tool", {})
    tool: dict[str, Any] = tables.get(TOOL, tables.get(LEGACY_TOOL, {}))
    return tool


def tool_settings(root: Path = PROJECT_ROOT) -> dict[str, Any]:
    """pyproject.toml's [tool.release_checks] table, as written."""
    return _tool(_pyproject(root))


@dataclass(frozen=True)
class RuleSettings:
    """What the rules read from pyproject.toml and the release record (`read_settings`)."""

    version: str | None  # [project] version; None when missing or dynamic
    postgres_version: str  # [tool.release_checks] postgres_version, for squawk
    releases_before_drop: int  # [tool.release_checks] releases_before_drop
    released: Release | None = None  # migrations/released.toml (release.py); None: none yet
    squawk_refuse: frozenset[str] = frozenset()  # [tool.release_checks] squawk_refuse


def read_settings(root: Path = PROJECT_ROOT) -> RuleSettings:
    pyproject = root / PYPROJECT
    data = _pyproject(root)
    tool = _tool(data)
    postgres_version = tool.get("postgres_version")
    if not isinstance(postgres_version, str) or not postgres_version:
        raise GateError(f"{pyproject}: set [tool.{TOOL}] postgres_version, e.g. '17'")
    releases = tool.get("releases_before_drop", 2)
    if not isinstance(releases, int) or isinstance(releases, bool) or releases < 0:
        raise GateError(f"{pyproject}: [tool.{TOOL}] releases_before_drop must be a whole number")
    refuse = tool.get("squawk_refuse", [])
    if not isinstance(refuse, list) or not all(isinstance(name, str) for name in refuse):
        raise GateError(f"{pyproject}: {SQUAWK_REFUSE} must be a list of squawk rule names")
    version = data.get("project", {}).get("version")
    try:
        released = read_release(root / RECORD)
    except ValueError as error:
        raise GateError(str(error)) from None
    return RuleSettings(
        version=version if isinstance(version, str) else None,
        postgres_version=postgres_version,
        releases_before_drop=releases,
        released=released,
        squawk_refuse=frozenset(refuse),
    )
