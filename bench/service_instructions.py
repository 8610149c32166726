"""The CPU one request costs, service against reference, counted in instructions by
callgrind: a figure that other jobs on a shared machine do not move (the throughput of
`service.py` moves by a third between runs there; this by under 1%).

Each app (the baked service, `service_reference.py`) is called in-process through its ASGI
interface, without uvicorn or sockets of its own, on one client: its lifespan runs, a
warm-up fills the caches and the pool, then callgrind counts every instruction of the
process (its threads too) while it answers `--requests` requests of a scenario. The
database is made, migrated and seeded as for `service.py`.

Usage: `python bench/service_instructions.py --project-python PYTHON [--requests 200]`
(needs valgrind). Slow: under callgrind a request takes 50 times as long.
"""

import argparse
import asyncio
import itertools
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
# name -> (method, path, query, body); {a} an account id, {n} a unique number.
REQUESTS = {
    "read": ("GET", "/accounts/{a}", "", None),
    "list": ("GET", "/users", "account_id={a}&limit=10", None),
    "write": ("POST", "/users", "", '{{"account_id": {a}, "email": "i{n}@bench.test"}}'),
}
WARM_UP = 50


async def drive(app_name: str, scenario: str, count: int, accounts: int, expected: int) -> None:
    """Run in the process callgrind watches, in the project's environment (the template's
    modules are not imported there): answer `count` requests, counted."""
    if app_name == "service":
        app = __import__(os.environ["APP_MODULE"], fromlist=["create_app"]).create_app()
    else:
        sys.path.insert(0, str(HERE))
        app = __import__("service_reference").app
    method, path, query, body = REQUESTS[scenario]
    numbers, rng = itertools.count(), random.Random(scenario)
    tag = f"{os.getpid()}"

    async def request() -> int:
        values = {"a": rng.randint(1, accounts), "n": f"{tag}-{next(numbers)}"}
        payload = body.format(**values).encode() if body else b""
        headers = [(b"host", b"bench")]
        if body:
            headers += [(b"content-type", b"application/json")]
            headers += [(b"content-length", str(len(payload)).encode())]
        target = path.format(**values)
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": target,
            "raw_path": target.encode(),
            "query_string": query.format(**values).encode(),
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 1),
            "server": ("127.0.0.1", 2),
            "state": {},
        }
        received, status = False, 0

        async def receive() -> dict:
            nonlocal received
            if received:
                await asyncio.Event().wait()  # the client never disconnects
            received = True
            return {"type": "http.request", "body": payload, "more_body": False}

        async def send(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]

        await app(scope, receive, send)
        return status

    async with app.router.lifespan_context(app):
        statuses = [await request() for _ in range(WARM_UP)]
        pid = str(os.getpid())
        subprocess.run(["callgrind_control", "--instr=on", pid], check=True, capture_output=True)
        statuses += [await request() for _ in range(count)]
        subprocess.run(["callgrind_control", "--instr=off", pid], check=True, capture_output=True)
    if set(statuses) != {expected}:
        sys.exit(f"{app_name}, {scenario}: unexpected answers {sorted(set(statuses))}")


def instructions(
    python: str, project: Path, env: dict, app: str, scenario: str, count: int
) -> float:
    """Instructions per request of `app` in `scenario`, in millions."""
    from service import ACCOUNTS, EXPECTED

    with tempfile.TemporaryDirectory(prefix="callgrind_") as directory:
        out = Path(directory) / "callgrind.out"
        command = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={out}",
            python,
            __file__,
            "--drive",
            app,
            scenario,
            str(count),
            str(ACCOUNTS),
            str(EXPECTED[scenario]),
        ]
        result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"{app}, {scenario} failed:\n{result.stdout}\n{result.stderr[-3000:]}")
        total = sum(
            int(line.split()[1])
            for dump in Path(directory).glob("callgrind.out*")
            for line in dump.read_text().splitlines()
            if line.startswith(("summary:", "totals:"))
        )
    return total / count / 1e6


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--drive":
        app, scenario, count, accounts, expected = sys.argv[2:]
        asyncio.run(drive(app, scenario, int(count), int(accounts), int(expected)))
        return
    from common import SLUG, bake, environment
    from service import database

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project-python", required=True)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--scenarios", nargs="+", default=list(REQUESTS), choices=REQUESTS)
    parser.add_argument("--template", type=Path, help="bake this template instead")
    arguments = parser.parse_args()
    python = os.path.abspath(arguments.project_python)
    lines = [
        "| scenario | service, M instructions per request | reference | service / reference |",
        "| --- | ---: | ---: | ---: |",
    ]
    with tempfile.TemporaryDirectory(prefix="bench_instructions_") as directory:
        project = bake(Path(directory), api="fastapi", template=arguments.template)
        with database(project, python) as url:
            env = environment(
                DATABASE_URL=url,
                DATABASE_POOL_SIZE="10",
                PYTHONPATH="src",
                APP_MODULE=f"{SLUG}.api.app",
            )
            for scenario in arguments.scenarios:
                print(f"{scenario} ...", file=sys.stderr, flush=True)
                mine, theirs = (
                    instructions(python, project, env, app, scenario, arguments.requests)
                    for app in ("service", "reference")
                )
                lines.append(f"| {scenario} | {mine:.2f} | {theirs:.2f} | {mine / theirs:.2f}x |")
    print("\n".join(lines))
    print(f"\n{arguments.requests} requests a measurement, after {WARM_UP} to warm up")


if __name__ == "__main__":
    main()
