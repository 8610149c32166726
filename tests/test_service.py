"""The generated HTTP service as it runs: `make run` on a migrated database, called over
real HTTP, stopped with SIGTERM; a bad setting stops it with one line; and, on a cluster of
the tests' own that checks passwords, the generated fault tests, and uvicorn serving
through a database restart and ended sessions."""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import tomllib
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from support import clusters
from support.project import EXAMPLES_HEAD, alembic, run

STARTUP_TIMEOUT = 30


def test_the_image_serves_the_app_pyproject_names_after_a_migrate_step(
    default_project: Path,
) -> None:
    pyproject = tomllib.loads((default_project / "pyproject.toml").read_text())
    app = pyproject["tool"]["release_checks"]["api_app"]
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


# --- on a server that checks passwords, under faults ------------------------------------

PASSWORD = "p@ss word:/?#%"  # every character a URL must escape


@pytest.fixture(scope="module")
def scram_server() -> Iterator[tuple[Path, Path, dict[str, str]]]:
    """A cluster of the module's own that checks passwords, as the official image's does;
    its home, data directory, and the environment a baked project reaches it with."""
    with clusters.scram_cluster(PASSWORD) as (home, data, port):
        yield home, data, {**clusters.environment(port, PASSWORD), "PYTHONDONTWRITEBYTECODE": "1"}


def test_the_generated_connection_and_api_tests_pass_on_a_server_that_checks_passwords(
    default_project: Path, scram_server: tuple[Path, Path, dict[str, str]]
) -> None:
    """The connection-fault test reaches the server with the settings' password (a server
    that checks passwords refuses a wrong one before it looks for the database), and the
    API's fault tests make their databases and pools with it."""
    *_, env = scram_server
    tests = [
        "tests/test_migration_safety.py::test_connection_faults_are_one_line_without_the_password",
        "tests/api/test_faults.py",
    ]
    result = run(
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests,
        cwd=default_project, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


class Client:
    """One keep-alive HTTP/1.1 connection; counts what it was answered."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.reconnects = 0

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any, Any]:
        data = None if body is None else json.dumps(body)
        headers = {"Content-Type": "application/json"} if body is not None else {}
        self.connection.request(method, path, body=data, headers=headers)
        response = self.connection.getresponse()
        payload = json.loads(response.read() or b"null")
        if response.will_close:  # told so: the next request opens a new connection
            self.reconnects += 1
        return response.status, payload, response.headers


@pytest.fixture(scope="module")
def faulty_service(
    default_project: Path,
    scram_server: tuple[Path, Path, dict[str, str]],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[int, Path, dict[str, str]]]:
    """The baked service under uvicorn (one worker, as `make run`), on a migrated database
    of the scram cluster, with a route of the test's own that is a bug; its port, log and
    environment."""
    *_, env = scram_server
    env = {**env, "POSTGRES_DB": "faults", "DATABASE_POOL_SIZE": "4"}
    run(
        "psql", "-X", "-q", "-h", "127.0.0.1", "-p", env["POSTGRES_PORT"], "-U", "postgres",
        "-d", "postgres", "-c", "CREATE DATABASE faults",
        cwd=default_project, env={"PGPASSWORD": PASSWORD},
    )  # fmt: skip
    alembic(default_project, "upgrade", "head", env=env)
    home = tmp_path_factory.mktemp("faulty")
    (home / "faulty_app.py").write_text(
        "from accounts_service.api.app import create_app\n\n\n"
        "def create():\n"
        "    app = create_app()\n\n"
        "    async def broken() -> None:\n"
        "        raise RuntimeError('a bug')\n\n"
        "    app.add_api_route('/broken', broken)\n"
        "    return app\n"
    )
    port = free_port()
    log = home / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "faulty_app:create", "--port",
             str(port), "--timeout-graceful-shutdown", "1"],
            cwd=default_project,
            env={**os.environ, **env, "PYTHONPATH": f"{home}:{default_project / 'src'}"},
            stdout=output,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_until_up(server, f"http://127.0.0.1:{port}")  # type: ignore[arg-type]
            yield port, log, env
        finally:
            server.terminate()
            server.wait(timeout=20)


def test_a_500_tells_the_client_the_connection_closes(
    faulty_service: tuple[int, Path, dict[str, str]],
) -> None:
    port, log, _ = faulty_service
    client = Client(port)
    status, body, headers = client.call("GET", "/broken")
    assert (status, body) == (500, {"detail": "internal server error", "code": "internal"})
    assert headers["connection"] == "close"
    # The next request, on the connection the client opens anew, is served.
    assert client.call("GET", "/health")[0] == 200
    assert client.reconnects == 1
    assert "RuntimeError: a bug" in log.read_text()  # the bug's traceback, for the operator


def test_a_restart_and_ended_sessions_answer_503_lose_nothing_and_heal_by_themselves(
    faulty_service: tuple[int, Path, dict[str, str]],
    scram_server: tuple[Path, Path, dict[str, str]],
) -> None:
    """Writers keep creating accounts while the database restarts, then while the server
    ends every session of the service: each answer is 201 or 503 with Retry-After, the
    service serves again within seconds without a restart of its own, and every account
    it acknowledged is in the database, once."""
    port, log, env = faulty_service
    home, data, _ = scram_server
    answers: list[tuple[str, int]] = []
    stop = threading.Event()

    def writer(number: int) -> None:
        client = Client(port)
        for attempt in range(2000):  # bounded; stopped long before
            if stop.is_set():
                return
            name = f"writer-{number}-{attempt}"
            status, body, headers = client.call("POST", "/accounts", {"name": name})
            if status == 503:
                assert headers["retry-after"] == "1", body
            answers.append((name, status))

    def served_again(since: float) -> float:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if call(f"http://127.0.0.1:{port}/accounts?limit=1")[0] == 200:
                return time.monotonic() - since
            time.sleep(0.05)
        raise AssertionError("not serving 15 s after the fault")

    writers = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in writers:
        thread.start()
    try:
        time.sleep(0.3)
        clusters.restart(home, data)
        recovered = [served_again(time.monotonic())]
        time.sleep(0.3)
        ended = run(
            "psql", "-X", "-At", "-h", "127.0.0.1", "-p", env["POSTGRES_PORT"], "-U",
            "postgres", "-d", "postgres", "-c",
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = 'faults'",
            cwd=home, env={"PGPASSWORD": PASSWORD},
        ).stdout.strip()  # fmt: skip
        assert int(ended) >= 1
        recovered.append(served_again(time.monotonic()))
        time.sleep(0.3)
    finally:
        stop.set()
        for thread in writers:
            thread.join(timeout=30)
    statuses = Counter(status for _, status in answers)
    printed = log.read_text()
    # A 500 is a bug: its traceback (after the /broken test's own) says which.
    assert set(statuses) <= {201, 503}, (statuses, printed.split("RuntimeError: a bug")[-1])
    assert statuses[201] > 0
    assert max(recovered) < 5, recovered
    stored = run(
        "psql", "-X", "-At", "-h", "127.0.0.1", "-p", env["POSTGRES_PORT"], "-U", "postgres",
        "-d", "faults", "-c", "SELECT name FROM account",
        cwd=home, env={"PGPASSWORD": PASSWORD},
    ).stdout.split()  # fmt: skip
    acknowledged = {name for name, status in answers if status == 201}
    assert acknowledged <= set(stored)  # no acknowledged write lost
    assert len(stored) == len(set(stored))  # none applied twice
    assert set(stored) <= {name for name, _ in answers}
    assert "Traceback" not in printed.split("RuntimeError: a bug")[-1], printed[-3000:]
    assert printed.count("503 for POST /accounts") == statuses[503], printed[-3000:]
