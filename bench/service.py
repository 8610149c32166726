"""The generated HTTP service against a hand-written FastAPI + asyncpg reference
(`service_reference.py`: the same endpoints, SQL, statuses and JSON, no template code),
under the same load, in one run.

Both are served by uvicorn (one worker each, access log off) on loopback, from the
generated project's environment, on one migrated and seeded database. For each scenario
and number of clients, a load generator (a process of its own: asyncio over raw HTTP/1.1
keep-alive connections, each client sending its next request when the last is answered)
loads one app, then the other (the order alternates), each for a bounded time after a
short warm-up, and counts every answer by status. The figures: requests per second, p50
and p99 latency, and the service's ratios to the reference.

Usage: `python bench/service.py --project-python PYTHON [--seconds 3] [--clients 1 16 64]`
(`make bench-service`). The server is the one a generated project finds (POSTGRES_* or
DATABASE_URL).
"""

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from common import SLUG, bake, environment, machine, run

HERE = Path(__file__).resolve().parent
ACCOUNTS, USERS_PER_ACCOUNT = 1000, 5
POOL_SIZE = 10  # the service's default DATABASE_POOL_SIZE; the reference's pool the same
MAX_REQUESTS = 200_000  # per measurement, whatever the time
# name -> (method, path template, body template); {a} an account id, {n} a unique number.
SCENARIOS = {
    "read": ("GET", "/accounts/{a}", None),
    "list": ("GET", "/users?account_id={a}&limit=10", None),
    "write": ("POST", "/users", '{{"account_id": {a}, "email": "u{n}@bench.test"}}'),
}
EXPECTED = {"read": 200, "list": 200, "write": 201}


# --- the load generator (run as `service.py --load ...`, in a process of its own) ---------


async def client(
    port: int, scenario: str, tag: str, deadline: float, latencies: list[float], statuses: Counter
) -> None:
    method, path, body = SCENARIOS[scenario]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    rng = random.Random(tag)
    try:
        for n in range(MAX_REQUESTS):
            if time.perf_counter() > deadline:
                break
            values = {"a": rng.randint(1, ACCOUNTS), "n": f"{tag}-{n}"}
            payload = body.format(**values).encode() if body else b""
            head = f"{method} {path.format(**values)} HTTP/1.1\r\nHost: bench\r\n"
            if body:
                head += f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
            started = time.perf_counter()
            writer.write(head.encode() + b"\r\n" + payload)
            header = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in header.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            statuses[int(header[9:12])] += 1
            if b"connection: close" in header.lower():
                break
    finally:
        writer.close()


async def load(port: int, scenario: str, clients: int, seconds: float, tag: str) -> dict:
    statuses: Counter = Counter()
    warm: list[float] = []
    warmup = time.perf_counter() + min(1.0, seconds / 3)
    await asyncio.gather(
        *(client(port, scenario, f"{tag}w{i}", warmup, warm, statuses) for i in range(clients))
    )
    statuses.clear()
    total = len(warm)
    latencies: list[float] = []
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(
        *(
            client(port, scenario, f"{tag}c{i}", deadline, latencies, statuses)
            for i in range(clients)
        )
    )
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": latencies[len(latencies) // 2] * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "statuses": dict(statuses),
        "total": total + len(latencies),
    }


# --- the apps -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def database(project: Path, python: str) -> Iterator[str]:
    """A new database on the project's server, migrated to head and seeded; its URL."""
    name = f"bench_service_{os.getpid()}"
    base = run([python, "-c", SERVER_URL], project, environment(PYTHONPATH="src")).strip()
    run(["psql", "-X", "-q", "-c", f"CREATE DATABASE {name}", base], project)
    url = base.rsplit("/", 1)[0] + f"/{name}"
    try:
        run([python, "-m", "alembic", "upgrade", "head"], project, environment(DATABASE_URL=url))
        seed = (
            "INSERT INTO account (name)"
            f" SELECT 'account-' || n FROM generate_series(1, {ACCOUNTS}) n;"
            "INSERT INTO users (account_id, email)"
            " SELECT a, 'seed-' || a || '-' || u || '@bench.test'"
            f" FROM generate_series(1, {ACCOUNTS}) a, generate_series(1, {USERS_PER_ACCOUNT}) u;"
        )
        run(["psql", "-X", "-q", "-c", seed, "-c", "VACUUM ANALYZE", url], project)
        yield url
    finally:
        run(
            ["psql", "-X", "-q", "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", base],
            project,
        )


SERVER_URL = (
    f"from {SLUG}.settings import load_settings; "
    "print(load_settings().sqlalchemy_url.set(drivername='postgresql')"
    ".render_as_string(hide_password=False))"
)


@contextmanager
def serving(python: str, app: list[str], cwd: Path, env: dict[str, str]) -> Iterator[int]:
    port = free_port()
    command = [
        python,
        "-m",
        "uvicorn",
        *app,
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"{' '.join(app)} did not start")
                time.sleep(0.1)
        yield port, server.pid
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def cpu_seconds(pid: int) -> float:
    """The user and system CPU time process `pid` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(server: tuple[int, int], scenario: str, clients: int, seconds: float, tag: str) -> dict:
    """The load generator's figures, and the server's CPU time per request (warm-up
    included), which other processes on the machine do not change."""
    port, pid = server
    command = [
        sys.executable,
        __file__,
        "--load",
        str(port),
        scenario,
        str(clients),
        str(seconds),
        tag,
    ]
    before = cpu_seconds(pid)
    result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    result["cpu"] = (cpu_seconds(pid) - before) / result["total"] * 1000
    return result


def table(results: dict[tuple[str, int], dict[str, dict]]) -> str:
    lines = [
        "| scenario | clients | service req/s | reference req/s | throughput ratio"
        " | service p50 / p99 | reference p50 / p99 | p99 ratio | server CPU per request |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (scenario, clients), pair in results.items():
        mine, theirs = pair["service"], pair["reference"]
        lines.append(
            f"| {scenario} | {clients} | {mine['rps']:.0f} | {theirs['rps']:.0f}"
            f" | {mine['rps'] / theirs['rps']:.2f}x"
            f" | {mine['p50']:.1f} / {mine['p99']:.1f} ms"
            f" | {theirs['p50']:.1f} / {theirs['p99']:.1f} ms"
            f" | {mine['p99'] / theirs['p99']:.2f}x"
            f" | {mine['cpu']:.2f} / {theirs['cpu']:.2f} ms |"
        )
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--load":
        port, scenario, clients, seconds, tag = sys.argv[2:]
        result = asyncio.run(load(int(port), scenario, int(clients), float(seconds), tag))
        print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project-python", required=True)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 16, 64])
    parser.add_argument("--scenarios", nargs="+", default=list(SCENARIOS), choices=SCENARIOS)
    parser.add_argument("--template", type=Path, help="bake this template instead")
    arguments = parser.parse_args()
    python = os.path.abspath(arguments.project_python)
    with tempfile.TemporaryDirectory(prefix="bench_service_") as directory:
        project = bake(Path(directory), api="fastapi", template=arguments.template)
        with database(project, python) as url:
            server = run(["psql", "-X", "-At", "-c", "SHOW server_version", url], project).strip()
            service_env = environment(
                DATABASE_URL=url, DATABASE_POOL_SIZE=str(POOL_SIZE), PYTHONPATH=str(project / "src")
            )
            reference_env = environment(DATABASE_URL=url, POOL_SIZE=str(POOL_SIZE))
            factory = ["--factory", f"{SLUG}.api.app:create_app"]
            reference = ["--app-dir", str(HERE), "service_reference:app"]
            results: dict[tuple[str, int], dict[str, dict]] = {}
            with (
                serving(python, factory, project, service_env) as service,
                serving(python, reference, project, reference_env) as reference_server,
            ):
                servers = {"service": service, "reference": reference_server}
                turn = 0
                for scenario in arguments.scenarios:
                    for clients in arguments.clients:
                        print(f"{scenario}, {clients} clients ...", file=sys.stderr, flush=True)
                        order = ["service", "reference"][:: 1 if turn % 2 == 0 else -1]
                        turn += 1
                        pair = {}
                        for name in order:
                            tag = f"{name[0]}{turn}"
                            pair[name] = measure(
                                servers[name], scenario, clients, arguments.seconds, tag
                            )
                            wrong = {
                                status: count
                                for status, count in pair[name]["statuses"].items()
                                if int(status) != EXPECTED[scenario]
                            }
                            if wrong:
                                sys.exit(f"{name}, {scenario}: unexpected answers {wrong}")
                        results[scenario, clients] = pair
    print(table(results))
    python_version = run([python, "-c", "import sys; print(sys.version.split()[0])"], HERE).strip()
    print(
        f"\n{machine()}, PostgreSQL {server}, Python {python_version},"
        f" {arguments.seconds:g} s a measurement"
    )


if __name__ == "__main__":
    main()
