"""The generated HTTP service as it runs: `make run` on a migrated database, called over
real HTTP, stopped with SIGTERM; and a bad setting stops it with one line."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import yaml

from support.project import EXAMPLES_HEAD, alembic, run

STARTUP_TIMEOUT = 30


def test_the_image_serves_the_app_pyproject_names_after_a_migrate_step(
    default_project: Path,
) -> None:
    pyproject = tomllib.loads((default_project / "pyproject.toml").read_text())
    app = pyproject["tool"]["migration_tools"]["api_app"]
    # The image, `make run` and the README all start that same factory.
    cmd = re.search(r"^CMD (.*)$", (default_project / "Dockerfile").read_text(), re.MULTILINE)
    assert cmd is not None
    assert json.loads(cmd[1])[:3] == ["uvicorn", "--factory", app]
    assert f"uvicorn --factory {app} --port $(PORT)" in (default_project / "Makefile").read_text()
    assert f"uvicorn --factory {app}`" in (default_project / "README.md").read_text()

    services = yaml.safe_load((default_project / "compose.yaml").read_text())["services"]
    api = services["api"]
    assert "command" not in api  # the image's default: the service
    assert api["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
    assert [port.split(":")[0] for port in api["ports"]] == ["127.0.0.1"]
    assert api["environment"]["POSTGRES_HOST"] == "db"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def call(url: str, method: str = "GET", body: Any = None) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def wait_until_up(server: subprocess.Popen[str], base: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        assert server.poll() is None, f"the server exited {server.returncode}"
        try:
            if call(f"{base}/health") == (200, {"status": "ok"}):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError(f"no answer on {base}/health within {STARTUP_TIMEOUT} s")


def wait_for_the_group_to_exit(group: int, timeout: float = 20) -> None:
    """make exits on SIGTERM at once; uvicorn, in the same group, first shuts down."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.killpg(group, signal.SIGKILL)
    raise AssertionError(f"still running {timeout} s after SIGTERM")


def test_make_run_serves_then_stops_gracefully_on_sigterm(
    default_project: Path, database_env: dict[str, str], tmp_path: Path
) -> None:
    alembic(default_project, "upgrade", "head", env=database_env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    with log.open("w") as output:
        # A session of its own, so that SIGTERM reaches make and uvicorn alike.
        server = subprocess.Popen(
            ["make", "run", f"PORT={port}", f"PYTHON={sys.executable}"],
            cwd=default_project,
            env={**os.environ, **database_env},
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            wait_until_up(server, base)
            status, ready = call(f"{base}/ready")
            assert status == 200, ready
            assert ready["detail"].startswith(f"at head ({EXAMPLES_HEAD})")

            status, created = call(f"{base}/accounts", "POST", {"name": "acme"})
            assert status == 201, created
            assert call(f"{base}/accounts/{created['id']}") == (200, created)
            assert call(f"{base}/accounts/{created['id'] + 1}")[0] == 404
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
            wait_for_the_group_to_exit(server.pid)
    printed = log.read_text()
    # uvicorn's graceful shutdown: the lifespan's exit ran (the engine was disposed).
    assert "Application shutdown complete." in printed, printed
    assert "Finished server process" in printed, printed
    assert "Traceback" not in printed, printed


def test_a_bad_setting_stops_the_service_with_one_line(
    default_project: Path, database_env: dict[str, str]
) -> None:
    env = {**database_env, "DATABASE_URL": "", "POSTGRES_PORT": "not-a-port"}
    result = run(
        "make", "run", f"PORT={free_port()}", f"PYTHON={sys.executable}",
        cwd=default_project, env=env, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "cannot start: invalid settings: POSTGRES_PORT: " in result.stderr
