"""The running release keeps working through a deploy, rehearsed as a team deploys.

A default bake is committed in git and released four times (`make release`, tags v0.2 to
v0.5), the docs' recipe: 0.2 adds `users.nickname`; 0.3 declares it deprecated (nullable,
still used); 0.4 stops using it (an unmapped column); 0.5 drops it. Release N serves under
concurrent HTTP load (real uvicorn processes, writes included, each acknowledged write
recorded); release N+1's revisions are applied by three
`alembic upgrade head` at once; N+1 starts beside N; N leaves the rotation and gets
SIGTERM. At every stage: no failed request, every acknowledged write in the table, and
N's `/ready` 200 throughout. And the negative control: the recipe that drops the column
while the previous release still maps it fails `make test-compat` with one line naming
the column and that release, while the recipe above passes it.
"""

import fcntl
import io
import itertools
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
import pytest

from support.project import DEFAULT_SLUG, run

pytestmark = pytest.mark.slow  # releases' whole suites and a deploy, as real processes

STARTUP_TIMEOUT = 60  # a loaded CI machine can take that long to import and connect
STAGE_LOAD = 0.8  # seconds of load with both releases in rotation, and after
WORKERS = 3
PAUSE = 0.04  # between one client's requests: a bounded load (about 60 a second in all)

# --- the releases: each a small function that edits the tree ---------------------------

USER_MODEL = Path("src", DEFAULT_SLUG, "models", "user.py")
EMAIL = "    email: Mapped[str] = mapped_column(unique=True)\n"
NICKNAME = re.compile(r"^    nickname: .*\n", re.MULTILINE)


def set_nickname(project: Path, line: str) -> None:
    """The model's declaration of `users.nickname` (none when `line` is empty)."""
    path = project / USER_MODEL
    text = NICKNAME.sub("", path.read_text())
    path.write_text(text.replace(EMAIL, EMAIL + line))


def head(project: Path) -> str:
    """The head revision of the tree, read from its revision files' assignments."""
    revisions, parents = set(), set()
    for path in (project / "migrations" / "versions").glob("*.py"):
        text = path.read_text()
        revisions.update(re.findall(r'^revision[^=]*= "(\w+)"', text, re.MULTILINE))
        parents.update(re.findall(r'^down_revision[^=]*= "(\w+)"', text, re.MULTILINE))
    (top,) = revisions - parents
    return top


def add_revision(project: Path, revision: str, message: str, body: str) -> None:
    down = head(project)
    slug = message.replace(" ", "_")
    path = project / "migrations" / "versions" / f"2026_06_01_{revision[-4:]}_{revision}_{slug}.py"
    path.write_text(
        f'"""{message}\n\nRevision ID: {revision}\nRevises: {down}\n"""\n\n'
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f'revision = "{revision}"\ndown_revision = "{down}"\n'
        "branch_labels = None\ndepends_on = None\n\n" + body
    )


def release_0_2_add(project: Path) -> None:
    set_nickname(project, '    nickname: Mapped[str] = mapped_column(server_default="")\n')
    add_revision(
        project,
        "a17000000002",
        "add users nickname",
        """
def upgrade() -> None:
    op.add_column("users", sa.Column("nickname", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    op.drop_column("users", "nickname")
""",
    )


def import_deprecated(project: Path) -> None:
    path = project / USER_MODEL
    imports = f"from {DEFAULT_SLUG}.db import Base, SoftDeleteMixin, TimestampMixin"
    path.write_text(path.read_text().replace(imports, f"{imports}, deprecated"))


def release_0_3_deprecate(project: Path) -> None:
    """Deprecated in 0.3, still used: mapped, nullable, so that 0.4 may stop writing it."""
    import_deprecated(project)
    set_nickname(
        project, '    nickname: Mapped[str | None] = mapped_column(info=deprecated("0.3"))\n'
    )
    add_revision(
        project,
        "a17000000003",
        "deprecate users nickname",
        """
def upgrade() -> None:
    op.alter_column("users", "nickname", existing_type=sa.Text(), nullable=True)


def downgrade() -> None:
    op.alter_column("users", "nickname", existing_type=sa.Text(), nullable=False)
""",
    )


def release_0_4_stop_using(project: Path) -> None:
    """No code names it: SQLAlchemy's unmapped column keeps it in the table's metadata,
    and the ORM never names it in a query."""
    path = project / USER_MODEL
    orm = "from sqlalchemy.orm import Mapped, mapped_column, relationship"
    path.write_text(path.read_text().replace(orm, f"{orm}, Unmapped, unmapped_column"))
    info = 'info=deprecated("0.3", used=False)'
    set_nickname(project, f"    nickname: Unmapped[str | None] = unmapped_column({info})\n")


DROP = """
acknowledged = [
    {
        "rule": "drop-column",
        "table": "users",
        "column": "nickname",
        "why": "deprecated in 0.3, unused since 0.4",
    },
]


def upgrade() -> None:
    op.drop_column("users", "nickname")


def downgrade() -> None:
    op.add_column("users", sa.Column("nickname", sa.Text(), nullable=True))
"""


def release_0_5_drop(project: Path) -> None:
    """The drop, while 0.4 (which never names the column) serves; the declaration stays
    until the release after (docs/migrations.md: Recipe: deprecate, then drop)."""
    add_revision(project, "a17000000005", "drop users nickname", DROP)


def todays_recipe_drop(project: Path) -> None:
    """The recipe before declarations: remove the column from the model and drop it,
    whatever the release still serving maps."""
    set_nickname(project, "")
    add_revision(project, "a17000000005", "drop users nickname", DROP)


RELEASES: list[tuple[str, Callable[[Path], None]]] = [
    ("0.2", release_0_2_add),
    ("0.3", release_0_3_deprecate),
    ("0.4", release_0_4_stop_using),
    ("0.5", release_0_5_drop),
]


def git(project: Path, *arguments: str) -> str:
    identity = ["-c", "user.name=Rehearsal", "-c", "user.email=r@example.com"]
    return run("git", *identity, "-c", "commit.gpgsign=false", *arguments, cwd=project).stdout


def release(project: Path, version: str, step: Callable[[Path], None]) -> None:
    """Apply `step`, set the version, cut the release (`make release` where the project
    records its releases), commit and tag v`version`."""
    step(project)
    pyproject = project / "pyproject.toml"
    text = re.sub(
        r'^version = ".*"',
        f'version = "{version}.0"',
        pyproject.read_text(),
        count=1,
        flags=re.MULTILINE,
    )
    pyproject.write_text(text)
    if re.search(r"^release:", (project / "Makefile").read_text(), re.MULTILINE):
        run("make", "release", f"PYTHON={sys.executable}", cwd=project)
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", f"release {version}")
    git(project, "tag", f"v{version}")


@pytest.fixture(scope="session")
def repository(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default bake in git, released as v0.2 to v0.5: made once for the whole run, by
    the first xdist worker that needs it (the others wait for it), and only read after."""
    base = tmp_path_factory.getbasetemp()
    # Under xdist, the run's directory (the workers' parent); else this session's own.
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    project = shared / "rolling-deploy" / DEFAULT_SLUG
    with (shared / "rolling-deploy.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "rolling-deploy" / "made").exists():
            shutil.rmtree(project.parent, ignore_errors=True)
            shutil.copytree(request.getfixturevalue("default_project"), project)
            git(project, "init", "-q", "-b", "main")
            git(project, "add", "-A")
            git(project, "commit", "-q", "-m", "baked")
            for version, step in RELEASES:
                release(project, version, step)
            (shared / "rolling-deploy" / "made").touch()
    return project


def checkout(repository: Path, ref: str, into: Path) -> Path:
    """The committed tree of `ref`, as a deploy ships it."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref], cwd=repository, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


# --- real processes: servers, migrators, and the load between them ----------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    name: str  # the release it runs
    process: subprocess.Popen[bytes]
    base: str
    log: Path

    def stop(self) -> None:
        """SIGTERM, as an orchestrator stops a pod; uvicorn finishes what is in flight."""
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError(f"{self.name} still running 20 s after SIGTERM") from None


def serve(tree: Path, name: str, env: dict[str, str], logs: Path) -> Server:
    port = free_port()
    log = logs / f"server-{name}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory",
             f"{DEFAULT_SLUG}.api.app:create_app", "--port", str(port)],
            cwd=tree,
            env={**os.environ, **env, "PYTHONPATH": str(tree / "src")},
            stdout=output,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    server = Server(name, process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, f"{name} exited: {log.read_text()}"
        try:
            if httpx.get(f"{server.base}/ready", timeout=5).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    server.process.kill()
    raise AssertionError(f"{name} not ready within {STARTUP_TIMEOUT} s: {log.read_text()}")


def migrate_three_at_once(tree: Path, env: dict[str, str]) -> None:
    """Three replicas of the new release start their `alembic upgrade head` together."""
    migrators = [
        subprocess.Popen(
            [sys.executable, "-m", "alembic", "upgrade", "head"],
            cwd=tree,
            env={**os.environ, **env, "PYTHONPATH": str(tree / "src")},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(3)
    ]
    for migrator in migrators:
        output = migrator.communicate(timeout=60)[0].decode()
        assert migrator.returncode == 0, output


@dataclass
class Load:
    """Clients behind a load balancer: writes (POST /users), reads of the list and of a
    written user, and a probe of every server's /ready, until stopped. Every failure is
    kept with the stage it happened in."""

    account: int
    stage: str = "start"
    rotation: list[Server] = field(default_factory=list)
    written: dict[int, str] = field(default_factory=dict)  # acknowledged: id -> email
    failures: list[str] = field(default_factory=list)
    requests: int = 0
    in_flight: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    done: threading.Event = field(default_factory=threading.Event)
    serial: Iterator[int] = field(default_factory=itertools.count)

    def pick(self) -> Server:
        with self.lock:
            server = random.choice(self.rotation)
            self.in_flight[server.name] = self.in_flight.get(server.name, 0) + 1
            return server

    def call(self, client: httpx.Client) -> None:
        server = self.pick()
        try:
            kind = random.random()
            if kind < 0.4 or not self.written:
                email = f"user{next(self.serial)}@load.test"
                body = {"account_id": self.account, "email": email}
                response = client.post(f"{server.base}/users", json=body)
                if response.status_code == 201:
                    with self.lock:
                        self.written[response.json()["id"]] = email
            elif kind < 0.7:
                response = client.get(f"{server.base}/users", params={"limit": 20})
            else:
                user = random.choice(list(self.written))
                response = client.get(f"{server.base}/users/{user}")
            if response.status_code >= 300:
                self.fail(server, f"{response.request.method} {response.request.url.path}"
                          f" {response.status_code} {response.text[:200]}")  # fmt: skip
        except httpx.HTTPError as error:
            self.fail(server, f"{type(error).__name__}: {error}")
        finally:
            with self.lock:
                self.in_flight[server.name] -= 1
                self.requests += 1

    def probe(self, client: httpx.Client) -> None:
        for server in list(self.rotation):
            try:
                status = client.get(f"{server.base}/ready").status_code
            except httpx.HTTPError as error:
                status = f"{type(error).__name__}"  # type: ignore[assignment]
            if status != 200:
                self.fail(server, f"/ready answered {status}")

    def fail(self, server: Server, what: str) -> None:
        with self.lock:
            self.failures.append(f"[{self.stage}] {server.name}: {what}")

    def drain(self, server: Server) -> None:
        """Out of the rotation, then wait for its requests in flight (connection draining)."""
        with self.lock:
            self.rotation.remove(server)
        deadline = time.monotonic() + 10
        while self.in_flight.get(server.name, 0) and time.monotonic() < deadline:
            time.sleep(0.01)

    @contextmanager
    def running(self) -> Iterator[None]:
        def client_loop() -> None:
            with httpx.Client(timeout=10) as client:
                while not self.done.wait(PAUSE):
                    self.call(client)

        def probe_loop() -> None:
            with httpx.Client(timeout=10) as client:
                while not self.done.wait(0.05):
                    self.probe(client)

        threads = [threading.Thread(target=client_loop) for _ in range(WORKERS)]
        threads.append(threading.Thread(target=probe_loop))
        for thread in threads:
            thread.start()
        try:
            yield
        finally:
            self.done.set()
            for thread in threads:
                thread.join(timeout=30)


def stored_users(env: dict[str, str]) -> dict[int, str]:
    url = env["DATABASE_URL"].replace("postgresql+asyncpg://", "postgresql://")
    with psycopg.connect(url) as connection:
        return dict(connection.execute("SELECT id, email FROM users").fetchall())


def test_a_rolling_deploy_of_deprecate_stop_using_drop_fails_no_request(
    repository: Path, database_env: dict[str, str], tmp_path: Path
) -> None:
    trees = {
        version: checkout(repository, f"v{version}", tmp_path / version) for version, _ in RELEASES
    }
    first, *later = [version for version, _ in RELEASES]
    run(sys.executable, "-m", "alembic", "upgrade", "head", cwd=trees[first],
        env={**database_env, "PYTHONPATH": str(trees[first] / "src")})  # fmt: skip
    serving = serve(trees[first], first, database_env, tmp_path)
    servers = [serving]
    try:
        account = httpx.post(f"{serving.base}/accounts", json={"name": "load"}).json()["id"]
        load = Load(account=account, rotation=[serving])
        with load.running():
            for version in later:
                load.stage = f"{serving.name} -> {version}: migrate"
                migrate_three_at_once(trees[version], database_env)
                load.stage = f"{serving.name} -> {version}: both serve"
                new = serve(trees[version], version, database_env, tmp_path)
                servers.append(new)
                with load.lock:
                    load.rotation.append(new)
                time.sleep(STAGE_LOAD)
                load.stage = f"{serving.name} -> {version}: {serving.name} stops"
                load.drain(serving)
                serving.stop()
                time.sleep(STAGE_LOAD / 2)
                serving = new
    finally:
        for server in servers:
            if server.process.poll() is None:
                server.process.kill()
    assert load.failures == [], "\n".join(load.failures[:20])
    assert load.requests > 100, load.requests
    stored = stored_users(database_env)
    lost = {id_: email for id_, email in load.written.items() if stored.get(id_) != email}
    assert lost == {}, f"{len(lost)} acknowledged writes lost"
    for server in servers[:-1]:
        printed = server.log.read_text()
        assert "Traceback" not in printed, printed
        assert "Application shutdown complete." in printed, printed


# --- make test-compat: the previous release's own tests on this tree ---------------------


def make_test_compat(
    tree: Path, *arguments: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`make test-compat` as run locally (not as in a GitHub workflow, unless `env` says)."""
    local = {"GITHUB_ACTIONS": "", "GITHUB_BASE_REF": "", **(env or {})}
    command = ["make", "test-compat", f"PYTHON={sys.executable}", *arguments]
    return run(*command, cwd=tree, env=local, check=False)


def test_make_test_compat_passes_the_three_release_recipe(repository: Path) -> None:
    # The tree is v0.5 (the drop); the default ref is the newest tag, v0.5 itself, so name
    # the release still serving when it deploys.
    result = make_test_compat(repository, "ref=v0.4")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "v0.4 (0.4.0)'s service tests on this tree's schema:" in result.stdout
    assert "v0.4 (0.4.0)'s api tests against this tree's app:" in result.stdout


RENAME = """
def upgrade() -> None:
    op.alter_column("account", "name", new_column_name="title")


def downgrade() -> None:
    op.alter_column("account", "title", new_column_name="name")
"""


def rename_account_name_and_stop_sending_updated_at(project: Path) -> None:
    """Two more breaks, one of the schema, one of the API, each its own cause."""
    add_revision(project, "a17000000006", "rename account name", RENAME)
    model = project / "src" / DEFAULT_SLUG / "models" / "account.py"
    text = model.read_text().replace(
        "mapped_column(unique=True)", 'mapped_column("title", unique=True)'
    )
    model.write_text(text)
    api = project / "src" / DEFAULT_SLUG / "api" / "accounts.py"
    read = "class AccountRead(Resource):\n    id: int\n    name: str\n    created_at: datetime\n"
    api.write_text(api.read_text().replace(f"{read}    updated_at: datetime\n", read))


def worktree(repository: Path, ref: str, into: Path) -> Path:
    git(repository, "worktree", "add", "-q", "-b", f"branch-{into.parent.name}", str(into), ref)
    return into


def test_make_test_compat_fails_todays_recipe_naming_the_column_and_the_release(
    repository: Path, tmp_path: Path
) -> None:
    """Today's recipe: 0.3 still maps users.nickname, and the next release drops it."""
    tree = worktree(repository, "v0.3", tmp_path / "today")
    todays_recipe_drop(tree)
    result = make_test_compat(tree, "ref=v0.3")
    assert result.returncode == 2, result.stdout + result.stderr  # make's, for exit 1
    assert "Traceback" not in result.stdout + result.stderr
    causes = [line for line in result.stdout.splitlines() if "users.nickname" in line]
    assert causes == [line for line in result.stdout.splitlines() if "(0.3.0) " in line]
    assert len(causes) == 1, result.stdout
    assert causes[0].startswith(
        "v0.3 (0.3.0) still uses column users.nickname, which revision a17000000005"
        " (drop users nickname) drops ("
    ), causes[0]


def test_make_test_compat_names_a_renamed_column_and_a_removed_response_field(
    repository: Path, tmp_path: Path
) -> None:
    tree = worktree(repository, "v0.4", tmp_path / "breaks")
    rename_account_name_and_stop_sending_updated_at(tree)
    result = make_test_compat(tree, "ref=v0.4")
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    renamed = [line for line in lines if "account.name" in line]
    assert len(renamed) == 1, result.stdout
    assert renamed[0].startswith(
        "v0.4 (0.4.0) still uses column account.name, which revision a17000000006"
        " (rename account name) renames ("
    ), renamed[0]
    api = [line for line in lines if line.startswith("v0.4 (0.4.0)'s clients: ")]
    assert api, result.stdout
    assert all("api-removed-field" in line and "'updated_at'" in line for line in api), api


def test_make_test_compat_says_in_one_line_when_it_cannot_run(
    repository: Path, tmp_path: Path
) -> None:
    result = make_test_compat(repository, "ref=v9.9")
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == (
        "test-compat: v9.9 is no commit of this repository (git fetch --tags?)"
    )
    # A release made before make test-compat existed: its tests would migrate their own.
    old = worktree(repository, "v0.2", tmp_path / "old")
    databases = old / "release_checks" / "databases.py"
    databases.write_text(databases.read_text().replace("MIGRATED_DATABASE", "UNRELATED"))
    git(old, "commit", "-q", "-am", "a release before test-compat")
    commit = git(old, "rev-parse", "HEAD").strip()
    said = (
        f"{commit} (0.2.0) predates make test-compat"
        " (its tests do not read TESTS_MIGRATED_DATABASE)"
    )
    result = make_test_compat(repository, f"ref={commit}")
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].startswith(f"test-compat: {said}")
    # In CI, the pull request that adopts it is not red for it: a warning says so.
    result = make_test_compat(repository, f"ref={commit}", env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 0, result.stderr
    assert f"::warning::test-compat not run: {said}" in result.stdout
