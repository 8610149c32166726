"""What a team expects to find in a new project, wired and working: CI, compose with a
migration step, an image, pre-commit, `make help`, and the migration docs."""

import asyncio
import contextlib
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml
from test_service import call, free_port, wait_for_the_group_to_exit, wait_until_up

from support.project import (
    DEFAULT_SLUG,
    TEMPLATE,
    alembic,
    bake,
    readme_pip_installs,
    run,
    server_conninfo,
)

VENV_BIN = Path(sys.executable).parent
# A target is `name:` at the start of a line; `NAME := value` is a variable.
TARGET = re.compile(r"^([A-Za-z0-9][\w.-]*)\s*:(?!=)", re.MULTILINE)


def make_targets(project: Path) -> dict[str, str]:
    """Each target of the Makefile, with its `## ` description ('' when it has none)."""
    targets = {}
    for line in (project / "Makefile").read_text().splitlines():
        if match := TARGET.match(line):
            _, _, description = line.partition("## ")
            targets[match.group(1)] = description.strip()
    return targets


def workflow(project: Path) -> dict[Any, Any]:
    return yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())


def workflow_commands(project: Path, only: str | None = None) -> list[list[str]]:
    return [
        shlex.split(line)
        for name, job in workflow(project)["jobs"].items()
        if only in (None, name)
        for step in job["steps"]
        if "run" in step
        for line in step["run"].splitlines()
        if line.strip()
    ]


def test_ci_runs_only_what_the_makefile_and_readme_define(default_project: Path) -> None:
    targets = make_targets(default_project)
    commands = workflow_commands(default_project)

    assert readme_pip_installs(default_project)[-1] in commands  # the project's, not pip's
    # `make NAME ... VARIABLE=value ...`: every NAME must be a target.
    ran = {
        name
        for command in commands
        if command[0] == "make"
        for name in command[1:]
        if "=" not in name
    }
    assert ran - targets.keys() == set()
    assert [command for command in commands if command[0] not in ("make", "pip")] == []
    assert {"lint", "types", "lint-migrations", "lint-api", "test", "test-compat"} <= ran


def test_ci_runs_the_base_branchs_tests_on_every_pull_request(default_project: Path) -> None:
    compat = workflow(default_project)["jobs"]["compat"]
    assert compat["if"] == "github.event_name == 'pull_request'"
    checkout = compat["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["fetch-depth"] == 0  # the base branch and the tags are there
    assert workflow_commands(default_project, "compat")[-1] == ["make", "test-compat"]
    assert compat["env"] == workflow(default_project)["jobs"]["check"]["env"]


@pytest.mark.slow
def test_ci_steps_pass_here_with_the_workflows_environment(
    default_project: Path, tmp_path: Path
) -> None:
    """Every step after the install, as the workflow runs it: green here, green there."""
    project = tmp_path / DEFAULT_SLUG
    shutil.copytree(default_project, project)
    job = workflow(project)["jobs"]["check"]  # compat's needs a git history: test_rolling_deploy
    env = {name: str(value) for name, value in job["env"].items()}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}"  # the installed `python`
    steps = [command for command in workflow_commands(project, "check") if command[0] != "pip"]
    for command in steps:
        run(*command, cwd=project, env=env)


def test_ci_points_the_suite_at_its_postgres_service(default_project: Path) -> None:
    job = workflow(default_project)["jobs"]["check"]
    postgres = job["services"]["postgres"]
    assert "--health-cmd" in postgres["options"]
    assert postgres["ports"] == ["5432:5432"]
    env = job["env"]
    assert (env["POSTGRES_HOST"], str(env["POSTGRES_PORT"])) == ("127.0.0.1", "5432")
    assert env["POSTGRES_PASSWORD"] == postgres["env"]["POSTGRES_PASSWORD"]
    # A quoted GitHub expression survived rendering as written.
    assert workflow(default_project)["concurrency"]["group"].startswith("${{ github.workflow }}")


def test_compose_migrates_once_before_the_service(default_project: Path) -> None:
    compose = yaml.safe_load((default_project / "compose.yaml").read_text())
    db, migrate = compose["services"]["db"], compose["services"]["migrate"]

    assert migrate["command"] == ["alembic", "upgrade", "head"]
    assert migrate["build"] == "."
    assert migrate["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert migrate["environment"]["POSTGRES_HOST"] == "db"
    # One set of credentials for the server and the migrator.
    shared = ("POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB")
    assert [db["environment"][name] for name in shared] == [
        migrate["environment"][name] for name in shared
    ]
    assert "service_completed_successfully" in (default_project / "compose.yaml").read_text()
    assert "service_completed_successfully" in (default_project / "README.md").read_text()
    if docker_compose_available():
        run("docker", "compose", "config", "--quiet", cwd=default_project)


def docker_compose_available() -> bool:
    if shutil.which("docker") is None:
        return False
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
    return probe.returncode == 0


def image_files(project: Path) -> list[str]:
    """What the final stage of the Dockerfile copies from the build context."""
    final_stage = (project / "Dockerfile").read_text().rpartition("\nFROM ")[2]
    copies = [line.split()[1:] for line in final_stage.splitlines() if line.startswith("COPY ")]
    return [path for *sources, _ in copies if "--from" not in sources[0] for path in sources]


def test_the_image_holds_enough_to_migrate(
    default_project: Path, database_env: dict[str, str], tmp_path: Path
) -> None:
    """Run `alembic upgrade head` and the readiness check from only what the image copies,
    with the package importable (as installed there) and nothing else of the project."""
    app = tmp_path / "app"
    app.mkdir()
    for name in image_files(default_project):
        source = default_project / name
        if source.is_dir():
            shutil.copytree(source, app / name)
        else:
            shutil.copy(source, app / name)
    assert not (app / "release_checks").exists()

    env = {**database_env, "PYTHONPATH": str(default_project / "src")}
    alembic(app, "upgrade", "head", env=env)
    assert "(head)" in alembic(app, "current", env=env)
    run(sys.executable, "-m", f"{DEFAULT_SLUG}.db.readiness", cwd=app, env=env)  # check-db

    ignored = (default_project / ".dockerignore").read_text().split()
    assert {".env", ".git/", ".venv/"} <= set(ignored)


def test_every_make_target_has_one_line_of_help(default_project: Path) -> None:
    targets = make_targets(default_project)
    assert {name: text for name, text in targets.items() if not text} == {}

    listed = run("make", "help", cwd=default_project).stdout.splitlines()
    assert sorted(line.split()[0] for line in listed) == sorted(targets)


@pytest.mark.parametrize("include_examples", ["yes", "no"])
def test_pre_commit_hooks_pass_on_a_new_repository(
    cookies: Any, default_project: Path, tmp_path: Path, include_examples: str
) -> None:
    if include_examples == "yes":
        repository = tmp_path / DEFAULT_SLUG
        shutil.copytree(default_project, repository)
    else:
        repository = bake(cookies, include_examples="no")
    env = {
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}",  # `python` is this venv's
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
    }
    pre_commit = VENV_BIN / "pre-commit"
    run(pre_commit, "validate-config", cwd=repository, env=env)
    run("git", "init", "--quiet", cwd=repository)
    run("git", "add", ".", cwd=repository)

    result = run(pre_commit, "run", "--all-files", cwd=repository, env=env)
    hooks = ("the project's environment is active", "ruff check", "ruff format",
             "migration rules", "the API only grows")  # fmt: skip
    for hook in hooks:
        assert re.search(rf"^{re.escape(hook)}.*Passed$", result.stdout, re.MULTILINE), hook

    # Outside the environment (the system's tools only): one line says so, and no other
    # hook runs to fail in its own words.
    outside = run(
        pre_commit, "run", "--all-files", cwd=repository, check=False,
        env={"PATH": "/usr/bin:/bin", "PRE_COMMIT_HOME": env["PRE_COMMIT_HOME"]},
    )  # fmt: skip
    assert outside.returncode == 1
    said = [line for line in outside.stdout.splitlines() if "environment is not active" in line]
    assert said == [
        "the project environment is not active: . .venv/bin/activate, then commit again "
        "(README: Quick start)"
    ]
    assert "ruff check" not in outside.stdout


DOCS = ("docs/migrations.md", "docs/migrations.ru.md")
RULE_ROW = re.compile(r"^### `([a-z-]+)`$", re.MULTILINE)  # a section per rule id
# The gate's part of the docs: from its heading (`make lint-migrations`) to the next one.
API_ROW = re.compile(r"^\| `(api-[a-z-]+)` \|", re.MULTILINE)  # the API gate's table
GATE_PART = re.compile(r"^## .*`make lint-migrations`.*?(?=^## )", re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("document", DOCS)
def test_migration_docs_are_linked_and_their_examples_are_python(
    default_project: Path, document: str
) -> None:
    text = (default_project / document).read_text()
    assert f"]({document})" in (default_project / "README.md").read_text()
    for block in re.findall(r"^```python\n(.*?)^```", text, re.MULTILINE | re.DOTALL):
        compile(block, document, "exec")


def test_both_languages_document_the_same_rules(default_project: Path) -> None:
    """Each rule id the checks report is documented, the same in both languages: the
    gate's as sections of its part, the API gate's as rows of its table, and the ids only
    the walk's catalog rules report by name."""
    texts = [(default_project / doc).read_text() for doc in DOCS]
    gate_parts = [GATE_PART.search(text) for text in texts]
    assert all(gate_parts)
    english, russian = (RULE_ROW.findall(part[0]) for part in gate_parts if part)
    assert english == russian
    api_english, api_russian = (API_ROW.findall(text) for text in texts)
    assert api_english == api_russian

    listing = (
        "from release_checks.rules import RULES; "
        "print(*(r.id for r in RULES.values() if r.seen & {'operation', 'sql', 'files'})); "
        "print(*(r.id for r in RULES.values() if r.api)); "
        "print(*(r.id for r in RULES.values() if r.seen == {'catalog'}))"
    )
    printed = run(sys.executable, "-c", listing, cwd=default_project).stdout.splitlines()
    gate, api, catalog = (line.split() for line in printed)
    assert sorted(english) == sorted(gate)
    assert sorted(api_english) == sorted(api)
    for text in texts:
        assert [rule for rule in catalog if f"`{rule}`" not in text] == []


USERS_WITH_NICKNAME = '''"""create users"""

import sqlalchemy as sa
from alembic import op

revision = "a1b2c3d4e5f6"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("nickname", sa.Text(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("users")
'''
USER_MODEL = """from sqlalchemy.orm import Mapped, Unmapped, mapped_column, unmapped_column

from {slug}.db import Base, deprecated


class User(Base):
    __tablename__ = "users"
{declaration}
"""


# Runs `python -m release_checks` commands one after the other in one process (`rm:PATH`
# removes a file between two): a step of the recipe is one process, not one per command.
TOOLS = """import os, sys
from release_checks.cli import main
for command in sys.argv[1:]:
    if command.startswith("rm:"):
        os.remove(command[3:])
    else:
        print(f"exit {main([command])}", flush=True)
"""


def test_the_docs_recipe_release_by_release(cookies: Any) -> None:
    """The recipe, release by release, on a baked project, with the docs' own model lines
    and drop revision, and `make release`'s command cutting each release: the gate
    refuses the drop in 0.4 (the release still serving maps it: the message the docs
    quote), accepts it in 0.5, and still passes in 0.6 once the declaration is gone (the
    drop is below the release record's head)."""
    project = bake(cookies, include_examples="no", api="none")
    docs = (project / "docs" / "migrations.md").read_text()
    recipe = docs.partition("## Recipe: deprecate, then drop")[2].partition("\n## ")[0]
    used, unused = re.findall(r"^ *(nickname: .*deprecated\(.*)$", recipe, re.MULTILINE)
    (drop,) = [
        block
        for block in re.findall(r"^```python\n(.*?)^```", recipe, re.MULTILINE | re.DOTALL)
        if "op.drop_column" in block
    ]
    # down_revision first: `revision = "..."` is also the end of `down_revision = "..."`.
    drop = drop.replace('down_revision = "..."', 'down_revision = "a1b2c3d4e5f6"')
    drop = drop.replace('revision = "..."', 'revision = "f6e5d4c3b2a1"')
    versions = project / "migrations" / "versions"
    (versions / "2026_02_01_1200_a1b2c3d4e5f6_create_users.py").write_text(USERS_WITH_NICKNAME)
    dropping = versions / "2026_02_01_1300_f6e5d4c3b2a1_drop_users_nickname.py"
    model = project / "src" / DEFAULT_SLUG / "models" / "user.py"
    pyproject = project / "pyproject.toml"
    original = pyproject.read_text()

    def release(version: str, declaration: str | None) -> None:
        pyproject.write_text(original.replace('version = "0.1.0"', f'version = "{version}"'))
        body = f"    {declaration}" if declaration else "    email: Mapped[str | None]"
        model.write_text(USER_MODEL.format(slug=DEFAULT_SLUG, declaration=body))

    def tools(*commands: str) -> str:
        result = run(sys.executable, "-c", TOOLS, *commands, cwd=project, check=False)
        assert "Traceback" not in result.stderr, result.stderr
        return " ".join(result.stdout.split())

    release("0.3.0", used)
    assert tools("release").endswith("exit 0")
    release("0.4.0", unused)
    dropping.write_text(drop)
    quoted = re.search(r"\(`(drop-column: .*?)`\)", recipe, re.DOTALL)
    assert quoted is not None
    said = tools("lint", f"rm:{dropping}", "release")
    assert " ".join(quoted[1].split()) in said
    assert "exit 1" in said
    assert said.endswith("exit 0")
    release("0.5.0", unused)
    dropping.write_text(drop)
    said = tools("lint", "release")
    assert "1 revision(s) pass the migration gate (1 released, not judged" in said, said
    assert said.endswith("exit 0")
    release("0.6.0", None)
    said = tools("lint")
    assert "0 revision(s) pass the migration gate (2 released, not judged" in said, said
    assert said.endswith("exit 0")


def test_the_template_readme_shows_the_whole_tree(default_project: Path) -> None:
    readme = (TEMPLATE / "README.md").read_text()
    tree = readme.partition("### What you get")[2].partition("```\n")[2].partition("```")[0]
    entries = {path.split("/")[0] for path in re.findall(r"── (\S+)", tree)}
    missing = [path.name for path in default_project.iterdir() if path.name not in entries]
    # The Makefile's entry and its continuation lines name every target.
    makefile = re.search(r"── Makefile(.*?)\n(?=\S*\s*├)", tree, re.DOTALL)
    assert makefile is not None
    listed = set(re.findall(r"[\w-]+", makefile[1]))
    missing += [f"make {name}" for name in make_targets(default_project) if name not in listed]
    assert missing == []


def test_the_template_readme_documents_every_prompt_with_an_example() -> None:
    prompts = [
        name
        for name in json.loads((TEMPLATE / "cookiecutter.json").read_text())
        if not name.startswith("_")
    ]
    readme = (TEMPLATE / "README.md").read_text()
    rows = {
        cells[0].strip("` "): cells
        for line in readme.splitlines()
        if line.startswith("| `")
        for cells in [line.strip("|").split(" | ")]
    }
    # prompt | default | example | what it decides
    incomplete = [name for name in prompts if len(rows.get(name, [])) != 4]
    assert incomplete == []


def quick_start(project: Path) -> list[list[str]]:
    """The commands of the README's quick start, in order, each as its arguments (the
    comments after them left out)."""
    section = (project / "README.md").read_text().partition("## Quick start\n")[2]
    section = section.partition("\n## ")[0]
    blocks = re.findall(r"^```shell\n(.*?)^```", section, re.MULTILINE | re.DOTALL)
    return [
        shlex.split(line, comments=True)
        for block in blocks
        for line in block.splitlines()
        if line.strip()
    ]


def test_the_quick_start_without_docker_reaches_a_served_api(
    default_project: Path, tmp_path: Path, generated: dict[str, Any]
) -> None:
    """The README's quick start, literally, on a PostgreSQL of one's own: a migrated
    database and the API serving it. The environment is this suite's (the install
    commands are test_install.py's); `make db`, Docker's way, says in one line when
    Compose is not there; `make migrate` before the database exists says how to make it."""
    project = tmp_path / DEFAULT_SLUG
    shutil.copytree(default_project, project)
    commands = quick_start(project)
    heads = [command[:2] for command in commands]
    assert ["pip", "install", "-c", "constraints.txt", "-e", ".[dev]"] in commands
    assert ["make", "db"] in commands
    assert ["make", "db-create"] in commands
    assert heads.index(["make", "db-create"]) < heads.index(["make", "migrate"])

    database = f"quick_start_{secrets.token_hex(4)}"
    # The settings come from .env, as the README has it: none from this suite's environment.
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("POSTGRES_", "DATABASE_", "MIGRATION_"))
        and name not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")  # not a sub-make of the suite's
    }
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}"  # the active environment
    port = free_port()
    env["PORT"] = str(port)
    server_env = {name: os.environ[name] for name in ("POSTGRES_HOST", "POSTGRES_PORT",
                  "POSTGRES_USER", "POSTGRES_PASSWORD") if name in os.environ}  # fmt: skip

    def shell(*command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
        assert result.returncode == 0 or not check, result.stdout + result.stderr
        return result

    try:
        for command in commands:
            if command[0].startswith("python") or command[:2] in (
                ["pip", "install"],
                ["uv", "sync"],
            ):
                continue  # installing: test_install.py
            if command == ["cp", ".env.example", ".env"]:
                shell(*command)
                # "edit the database settings if yours differ": this server, a database
                # of this test's own.
                dotenv = (project / ".env").read_text()
                for name, value in {**server_env, "POSTGRES_DB": database}.items():
                    dotenv = re.sub(rf"^{name}=.*$", f"{name}={value}", dotenv, flags=re.M)
                (project / ".env").write_text(dotenv)
                missing = shell("make", "migrate", check=False)
                assert missing.returncode != 0
                said = missing.stdout + missing.stderr
                assert f'database "{database}" does not exist (make db-create creates it)' in said
            elif command == ["make", "db"]:
                if not docker_compose_available():
                    said = shell("make", "db", check=False)
                    assert said.returncode != 0
                    assert said.stderr.splitlines()[0] == (
                        "make db needs Docker Compose (docker compose), which is not here; "
                        "with a PostgreSQL of your own: make db-create"
                    )
            elif command == ["make", "db-create"]:
                assert (
                    shell(*command)
                    .stdout.splitlines()[-1]
                    .startswith(f'database "{database}" created at ')
                )
                again = shell(*command).stdout.splitlines()[-1]
                assert again.startswith(f'database "{database}" exists already at ')
            elif command == ["make", "test"]:
                continue  # the whole suite: test_ci_steps_pass_here_with_..., above
            elif command == ["make", "run"]:
                # "Then, from another terminal": what follows runs while it serves.
                curls = [curl for curl in commands if curl[0] == "curl"]
                assert curls
                with serving(project, env, port):
                    for curl in curls:
                        shell(*(part.replace(":8000", f":{port}") for part in curl))
                    status, ready = call(f"http://127.0.0.1:{port}/ready")
                    assert status == 200, ready
            elif command[0] == "curl":
                continue  # while it serves, above
            else:
                shell(*command)
    finally:
        url = generated["settings"].load_settings().sqlalchemy_url.set(database=database)
        asyncio.run(generated["databases"].drop_database(url))


@contextlib.contextmanager
def serving(project: Path, env: dict[str, str], port: int) -> Iterator[None]:
    """`make run` until /health answers, then SIGTERM (as tests/test_service.py)."""
    server = subprocess.Popen(
        ["make", "run"], cwd=project, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        wait_until_up(server, f"http://127.0.0.1:{port}")
        yield
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        wait_for_the_group_to_exit(server.pid)


def test_db_create_says_what_failed_in_one_line(default_project: Path) -> None:
    """Every failure of `make db-create` is one line naming the server, database and user,
    never a traceback or the password."""
    user = f"template_test_{secrets.token_hex(4)}"
    password = "s3cret:@/?#%"
    with psycopg.connect(server_conninfo(), autocommit=True) as connection:
        connection.execute(f"CREATE ROLE {user} LOGIN PASSWORD '{password}'")  # no CREATEDB
    try:
        cases = {
            "may not": ({"POSTGRES_USER": user, "POSTGRES_PASSWORD": password},
                        "permission denied to create database"),
            "unreachable": ({"POSTGRES_PORT": str(free_port())}, "connection refused"),
            "invalid": ({"POSTGRES_PORT": "port"}, "invalid settings: POSTGRES_PORT"),
        }  # fmt: skip
        for case, (settings, reason) in cases.items():
            env = {"POSTGRES_DB": f"{user}_db", "DATABASE_URL": "", **settings}
            result = run(
                sys.executable, "-m", "release_checks", "db-create",
                cwd=default_project, env=env, check=False,
            )  # fmt: skip
            assert result.returncode == 1, case
            assert result.stdout == "", case
            (line,) = result.stderr.splitlines()
            assert line.startswith("python -m release_checks db-create: error: "), line
            assert reason in line, line
            assert password not in line
    finally:
        with psycopg.connect(server_conninfo(), autocommit=True) as connection:
            connection.execute(f"DROP ROLE {user}")
