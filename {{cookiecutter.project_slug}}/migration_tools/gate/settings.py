"""What the gate reads from pyproject.toml: the project's release and its rule settings."""

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class GateError(Exception):
    """The gate itself cannot run (as opposed to a revision breaking a rule)."""


@dataclass(frozen=True)
class GateSettings:
    version: str | None  # [project] version; None when missing or dynamic
    postgres_version: str  # [tool.migration_tools] postgres_version
    releases_before_drop: int  # [tool.migration_tools] releases_before_drop


def load_gate_settings(pyproject: Path) -> GateSettings:
    try:
        data: dict[str, Any] = tomllib.loads(pyproject.read_text())
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise GateError(f"cannot read {pyproject}: {error}") from None
    tool = data.get("tool", {}).get("migration_tools", {})
    postgres_version = tool.get("postgres_version")
    if not isinstance(postgres_version, str) or not postgres_version:
        raise GateError(f"{pyproject}: set [tool.migration_tools] postgres_version, e.g. '17'")
    releases = tool.get("releases_before_drop", 2)
    if not isinstance(releases, int) or isinstance(releases, bool) or releases < 0:
        raise GateError(
            f"{pyproject}: [tool.migration_tools] releases_before_drop must be a whole number"
        )
    version = data.get("project", {}).get("version")
    return GateSettings(
        version=version if isinstance(version, str) else None,
        postgres_version=postgres_version,
        releases_before_drop=releases,
    )
