"""Offline SQL for the guide's own range renders with no database at all."""

import os
import subprocess
import sys

import pytest

from release_checks.project import PROJECT_ROOT

pytestmark = pytest.mark.migrations


def test_guide_range_renders_offline() -> None:
    # An unreachable server and no password: offline mode must not try to connect.
    environment = {**os.environ, "POSTGRES_HOST": "unreachable.invalid", "POSTGRES_PORT": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "alembic", "upgrade", "7ad3:fa572", "--sql"],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "CREATE TABLE users" in result.stdout
    assert "CREATE TABLE account" not in result.stdout  # 7ad3 itself is the starting point
    assert "SET lock_timeout" in result.stdout
    assert "UPDATE alembic_version SET version_num='fa572fa8023c'" in result.stdout
