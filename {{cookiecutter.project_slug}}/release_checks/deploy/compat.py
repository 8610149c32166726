"""`make test-compat [ref=REF]`: the previous release's own tests, against this tree.

During a rolling deploy the previous release still serves on the schema this tree's
migrations make, and its clients call this tree's API. So, on a fresh database migrated to
this tree's head:
1. the service tests of the release at REF (not its migration tests), with its own code:
   what the release still running does on the new schema;
2. where there is an HTTP API, its API tests (tests/api/, its clients) against this
   tree's app.
REF is by default the newest release tag (vX.Y, X.Y.Z...), or in CI the pull request's base
branch (GITHUB_BASE_REF). The release's tree is taken with `git archive`; its tests copy the
migrated database instead of migrating their own (tests/conftest.py reads
TESTS_MIGRATED_DATABASE). Each failure is one line per cause: what the old release uses and
the revision, or the API change, that removed it.
"""

import asyncio
import contextlib
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import URL
from sqlalchemy.exc import DBAPIError

from {{ cookiecutter.project_slug }}.db.connect import describe, reason
from {{ cookiecutter.project_slug }}.settings import SettingsError, load_settings

{% if cookiecutter.api == "fastapi" -%}
from release_checks.api.contract import ApiChange, compare
from release_checks.api.gate import app_document, read_document, walkable
{% endif -%}
from release_checks.databases import (
    MIGRATED_DATABASE,
    create_database,
    drop_database,
    run_on,
    unique_name,
)
{% if cookiecutter.api == "fastapi" -%}
from release_checks.project import PROJECT_ROOT, GateError, alembic_config
{%- else -%}
from release_checks.project import PROJECT_ROOT, alembic_config
{%- endif %}

# A release tag: v0.4, 0.4, v1.2.3 (what `make release` and the version scheme produce).
RELEASE_TAG = re.compile(r"v?(\d+)\.(\d+)(?:\.(\d+))?")

# What the old release's code runs into on the new schema, and the object it names.
_MISSING = [
    (re.compile(r'column "?(\w+)"?\.(\w+) does not exist'), "column"),
    (re.compile(r'column "(\w+)" of relation "(\w+)" does not exist'), "column-of"),
    (re.compile(r'relation "(?:\w+\.)?(\w+)" does not exist'), "table"),
    (re.compile(r'null value in column "(\w+)" of relation "(\w+)"'), "not-null"),
]


class CompatError(Exception):
    """test-compat cannot run (exit 2), in one line."""


@dataclass(frozen=True)
class Failure:
    test: str  # path::name
    message: str  # the failure's first line


GIT = shutil.which("git") or "git"


def git(*arguments: str, root: Path = PROJECT_ROOT) -> str:
    try:
        result = subprocess.run(  # noqa: S603 (our own arguments, no shell)
            [GIT, *arguments], cwd=root, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise CompatError("git is not installed") from None
    if result.returncode != 0:
        said = (result.stderr.strip().splitlines() or ["failed"])[-1]
        raise CompatError(f"git {' '.join(arguments)}: {said}")
    return result.stdout


def default_ref(root: Path = PROJECT_ROOT) -> str:
    """The pull request's base branch in CI, else the newest release tag."""
    if base := os.environ.get("GITHUB_BASE_REF"):
        return f"origin/{base}"
    releases = [
        (tuple(int(part or 0) for part in match.groups()), tag)
        for tag in git("tag", "--list", root=root).split()
        if (match := RELEASE_TAG.fullmatch(tag))
    ]
    if not releases:
        raise CompatError(
            "no release tag (v0.4, 0.4.0, ...) to compare with: tag the released commit"
            " (make release), or name one: make test-compat ref=REF"
        )
    return max(releases)[1]


def extract(ref: str, into: Path, root: Path = PROJECT_ROOT) -> None:
    """The tree of `ref` (its committed files, nothing ignored or untracked) into `into`."""
    try:
        git("rev-parse", "--verify", "--quiet", ref + "^{commit}", root=root)
    except CompatError:
        raise CompatError(f"{ref} is no commit of this repository (git fetch --tags?)") from None
    archive = subprocess.run(  # noqa: S603 (our own arguments, no shell)
        [GIT, "archive", "--format=tar", ref], cwd=root, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


def release_name(ref: str, tree: Path) -> str:
    # A `suppress`, not `except (A, B):` (see gate/online.py).
    with contextlib.suppress(OSError, KeyError, tomllib.TOMLDecodeError):
        version = tomllib.loads((tree / "pyproject.toml").read_text())["project"]["version"]
        return ref if version in ref else f"{ref} ({version})"
    return ref


async def migrate_fresh(server: URL) -> URL:
    """A new database on `server`, migrated to this tree's head by its own env.py."""
    try:
        url = await create_database(server, unique_name(server, "compat"))
    except (DBAPIError, OSError) as error:
        where = describe(server)
        raise CompatError(f"cannot make a database at {where}: {reason(error)}") from None
    try:
        await run_on(url, lambda config: command.upgrade(config, "head"))
    except Exception as error:
        await drop_database(url)
        first = (str(error).strip().splitlines() or [""])[0]
        raise CompatError(
            f"this tree's migrations do not reach head on a fresh database:"
            f" {type(error).__name__}: {first}"
        ) from None
    except BaseException:
        await drop_database(url)
        raise
    return url


def start_tests(
    tree: Path, report: Path, database: str, *selection: str, code_from: Path | None = None
) -> "subprocess.Popen[bytes]":
    """pytest on the old release's tests, on `database`; with `code_from`, the service's
    package is that tree's (its src/ first on the path), the tests and tooling the old
    release's."""
    arguments = ["-m", "not migrations and not own_tree", "-p", "no:cacheprovider", "-q"]
    # Python's own tracebacks: pytest's took two thirds of a run whose tests fail on a
    # dropped column (each failure's frames rendered with their source), and the causes
    # are read from the messages, which are the same.
    arguments.append("--tb=native")
    arguments.append(f"--junitxml={report}")
    env = {**os.environ, MIGRATED_DATABASE: database}
    if code_from is not None:
        paths = " ".join(shlex.quote(str(path)) for path in (code_from / "src", tree))
        arguments += ["-o", f"pythonpath={paths}"]
        env["ALEMBIC_CONFIG"] = str(code_from / "alembic.ini")  # its readiness knows its head
    with report.with_suffix(".log").open("wb") as output:  # the child keeps it open
        return subprocess.Popen(  # noqa: S603 (our own interpreter, the old release's tests)
            [sys.executable, "-m", "pytest", *arguments, *selection],
            cwd=tree,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def failures(report: Path) -> tuple[int, list[Failure]]:
    """(tests run, the failed ones) from a JUnit XML report."""
    if not report.exists():
        return 0, []
    root = ElementTree.parse(report).getroot()  # noqa: S314 (pytest's own report, just written)
    run, failed = 0, []
    for case in root.iter("testcase"):
        run += 1
        for problem in [*case.findall("failure"), *case.findall("error")]:
            text = f"{problem.get('message') or ''}\n{problem.text or ''}"
            where = f"{case.get('classname', '').replace('.', '/')}.py::{case.get('name')}"
            failed.append(Failure(where, _first_line(text)))
    return run, failed


def _first_line(text: str) -> str:
    for pattern, _kind in _MISSING:
        if match := pattern.search(text):
            return match.group(0)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("E ")]
    return (errors[0][2:].strip() if errors else lines[0] if lines else "failed")[:200]


def cause(message: str) -> tuple[str, str] | None:
    """(kind, object) of a schema object the old code still uses: ("column",
    "users.nickname"), ("table", "users"), ("not-null", "users.phone")."""
    for pattern, kind in _MISSING:
        if match := pattern.search(message):
            if kind == "column":
                return "column", f"{match[1]}.{match[2]}"
            if kind == "column-of":
                return "column", f"{match[2]}.{match[1]}"
            if kind == "not-null":
                return "not-null", f"{match[2]}.{match[1]}"
            return "table", match[1]
    return None


def new_revisions(old_tree: Path) -> list[tuple[str, str]]:
    """(revision, its message) of this tree's revisions the old release does not have,
    oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    old_script = ScriptDirectory.from_config(Config(old_tree / "alembic.ini"))
    old = {revision.revision for revision in old_script.walk_revisions()}
    return [
        (revision.revision, revision.doc)
        for revision in reversed(list(script.walk_revisions()))
        if revision.revision not in old
    ]


def upgrade_sql(revision: str) -> str:
    """The SQL of one revision's upgrade, rendered offline (no database)."""
    config = alembic_config()
    config.output_buffer = buffer = io.StringIO()
    script = ScriptDirectory.from_config(config)
    down = script.get_revision(revision).down_revision
    start = f"{down}:" if isinstance(down, str) else ""
    command.upgrade(config, f"{start}{revision}", sql=True)
    return buffer.getvalue()


def removed_by(kind: str, name: str, revisions: list[tuple[str, str]]) -> tuple[str, str]:
    """Which of `revisions` drops or renames (for not-null: makes NOT NULL) what
    `kind`/`name` names, and the verb; read from each one's offline SQL."""
    table, _, column = name.partition(".")
    t, c = rf'"?{re.escape(table)}"?', rf'"?{re.escape(column)}"?'
    on = rf"ALTER TABLE (?:\S+\.)?{t}\b.*?\b"  # ALTER TABLE [schema.]table ...
    patterns = {
        "column": rf"{on}(?:DROP COLUMN|RENAME(?: COLUMN)?) (?:IF EXISTS )?{c}\b",
        "table": rf"DROP TABLE (?:IF EXISTS )?(?:\S+\.)?{t}\b|{on}RENAME TO",
        "not-null": rf"{on}(?:ADD COLUMN {c}[^;]*NOT NULL|ALTER COLUMN {c} SET NOT NULL)",
    }
    pattern = re.compile(patterns[kind], re.IGNORECASE | re.DOTALL)
    for revision, doc in revisions:
        for statement in upgrade_sql(revision).split(";"):
            if found := pattern.search(statement):
                verb = "renames" if "RENAME" in found[0].upper() else "drops"
                verb = "makes NOT NULL" if kind == "not-null" else verb
                named = f"revision {revision} ({doc})" if doc else f"revision {revision}"
                return named, verb
    return "a revision since (none names it in its SQL)", "removes"


def explain_schema(release: str, failed: list[Failure], old_tree: Path) -> list[str]:
    """One line per cause: the schema object the release uses and the revision removing it;
    then one line per other failing test."""
    by_cause: dict[tuple[str, str], list[str]] = defaultdict(list)
    other: list[str] = []
    for failure in failed:
        found = cause(failure.message)
        if found is None:
            says = f"{failure.test} fails on this tree's schema: {failure.message}"
            other.append(f"{release}: {says}")
        else:
            by_cause[found].append(failure.test)
    revisions = new_revisions(old_tree) if by_cause else []
    lines = []
    for (kind, name), tests in by_cause.items():
        revision, verb = removed_by(kind, name, revisions)
        count = f"{len(tests)} of its tests fail on it, e.g. {tests[0]}"
        if kind == "not-null":
            uses = f"does not write {name}"
        else:
            uses = f"still uses {'column' if kind == 'column' else 'table'} {name}"
        lines.append(f"{release} {uses}, which {revision} {verb} ({count})")
    return lines + other


{% if cookiecutter.api == "fastapi" -%}
def explain_api(release: str, failed: list[Failure], old_tree: Path) -> list[str]:
    """The API changes since the release that can break its clients, then one line per
    failing test the changes do not already explain."""
    lines: list[str] = []
    changes: list[ApiChange] = []
    document = old_tree / "openapi.json"
    if document.exists():
        try:  # a document that cannot be read or walked is one line, as in make lint-api
            with walkable(f"{release}'s openapi.json", "this tree's app"):
                changes = compare(read_document(document), app_document())
        except GateError as error:
            lines.append(f"{release}'s clients: {error}")
    for change in changes:
        said = f"{change.rule} at {change.at}: {change.message}"
        lines.append(f"{release}'s clients: the API changed: {said}")
    if not changes:  # no API change explains them: each failing test, as it failed
        lines += [
            f"{release}'s API test {failure.test} fails on this tree's app: {failure.message}"
            for failure in failed
        ]
    return lines


{% endif -%}
async def _run(ref: str) -> int:
    try:
        settings = load_settings()
    except SettingsError as error:
        raise CompatError(str(error)) from None
    with tempfile.TemporaryDirectory(prefix="test-compat-") as scratch:
        old_tree = Path(scratch) / "release"
        extract(ref, old_tree)
        release = release_name(ref, old_tree)
        # Its tooling, under the package's name then or its name before (migration_tools).
        databases = next(
            (
                found
                for package in ("release_checks", "migration_tools")
                if (found := old_tree / package / "databases.py").exists()
            ),
            None,
        )
        if databases is None or MIGRATED_DATABASE not in databases.read_text():
            said = (
                f"{release} predates make test-compat (its tests do not read"
                f" {MIGRATED_DATABASE}): compare with a release made after it"
            )
            if os.environ.get("GITHUB_ACTIONS"):  # the pull request that adopts it: not red
                print(f"::warning::test-compat not run: {said}")
                return 0
            raise CompatError(said)
        database = await migrate_fresh(settings.sqlalchemy_url)
        try:
            name = database.database or ""
            service_report, api_report = Path(scratch) / "service.xml", Path(scratch) / "api.xml"
            runs = [("service", start_tests(old_tree, service_report, name))]
{%- if cookiecutter.api == "fastapi" %}
            if (old_tree / "tests" / "api").is_dir():
                api_tests = start_tests(
                    old_tree, api_report, name, "tests/api", code_from=PROJECT_ROOT
                )
                runs.append(("api", api_tests))
{%- endif %}
            for _kind, process in runs:
                process.wait()
        finally:
            await drop_database(database)
        lines: list[str] = []
        for kind, process in runs:
            report = service_report if kind == "service" else api_report
            total, failed = failures(report)
            if process.returncode not in (0, 1, 5) or (process.returncode == 1 and not failed):
                printed = report.with_suffix(".log").read_text(errors="replace")
                tail = printed.strip().splitlines()[-1:] or ["no output"]
                why = f"{failed[0].test}: {failed[0].message}" if failed else tail[0]
                lines.append(f"{release}'s {kind} tests did not run: {why}")
                continue
            on = "on this tree's schema" if kind == "service" else "against this tree's app"
            print(f"{release}'s {kind} tests {on}: {total - len(failed)} of {total} pass")
            if failed and kind == "service":
                lines += explain_schema(release, failed, old_tree)
{%- if cookiecutter.api == "fastapi" %}
            elif failed:
                lines += explain_api(release, failed, old_tree)
{%- endif %}
    for line in lines:
        print(line)
    return 1 if lines else 0


def test_compat(ref: str | None) -> int:
    """Exit 0: the release at `ref` keeps working with this tree; 1: it does not (one line
    per cause); 2: it cannot be told (CompatError)."""
    return asyncio.run(_run(ref or default_ref()))
