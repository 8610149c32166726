"""`python -m release_checks COMMAND`: the dev-time commands, one subcommand each. Each
command imports what it runs, when it runs: `lint` loads neither the walk nor the API
check."""

import argparse
import contextlib
import hashlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .project import GateError

if TYPE_CHECKING:  # the report module is loaded by the commands that print one
    from .report import Report

Command = Callable[[argparse.Namespace], int]
REPORT_FORMATS = ["github", "json", "text"]  # report.py's FORMATS


def checked(form: str, title: str, check: Callable[[], "Report"]) -> "Report":
    """`check()`'s report. When it cannot run, one line on stderr and exit 2 (a bug of the
    check's too, never a traceback), also said in the report's format on stdout."""
    from .report import failure

    try:
        # What the checked code prints must not corrupt the report (JSON above all).
        with contextlib.redirect_stdout(sys.stderr):
            return check()
    except Exception as error:
        if not isinstance(error, GateError):
            first = (str(error).strip().splitlines() or [""])[0]
            error = GateError(f"the {title} itself failed: {type(error).__name__}: {first}")
        if (said := failure(form, title, str(error))) is not None:
            print(said)
        raise error from None


def run_lint(arguments: argparse.Namespace) -> int:
    """Exit 0: every revision passes; 1: findings; 2: the gate could not run."""
    from .gate import TITLE, lint
    from .report import FORMATS

    report = checked(arguments.format, TITLE, lint)
    print(FORMATS[arguments.format](report))
    return 1 if report.violations else 0


def add_lint(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser(
        "lint", help="check every revision against the migration rules (docs/migrations.md)"
    )
    parser.add_argument("--format", choices=REPORT_FORMATS, default="text")
    parser.set_defaults(command=run_lint)


def run_proofs(arguments: argparse.Namespace) -> int:
    """The migration tests' proofs (README: What the migration tests remember)."""
    import asyncio

    file: Path = arguments.file
    # (Bytes that are not text are lines that are not records: load says how many.)
    recorded = file.read_text(errors="replace").split("\n") if file.exists() else []
    said, lines = asyncio.run(_proofs(arguments.action, recorded))
    step_output = said
    if arguments.action == "save":
        record = "".join(f"{line}\n" for line in lines)
        file.write_text(record)
        # CI saves it under a key of its own: a record that changed under the same history
        # (a dependency of a proof changed) is a new cache entry, not lost to the old one.
        step_output = f"record={hashlib.sha256(record.encode()).hexdigest()[:24]}"
    if arguments.action in ("key", "save") and (output := os.environ.get("GITHUB_OUTPUT")):
        with open(output, "a") as outputs:  # the step's output, in CI
            print(step_output, file=outputs)
    print(said)
    return 0


async def _proofs(action: str, recorded: list[str]) -> tuple[str, list[str]]:
    import {{ cookiecutter.project_slug }}.models  # noqa: F401  (registers every table, as env.py does)
    from {{ cookiecutter.project_slug }}.db import Base
    from {{ cookiecutter.project_slug }}.settings import load_settings

    from .history import History
    from .project import alembic_config, read_settings
    from .proofs.harness import load_proofs, open_store, proven_prefixes

    history = History.load(alembic_config())
    store = await open_store(load_settings().sqlalchemy_url, history, read_settings())
    if action == "key":
        return f"key={store.keys[-1] if store.keys else 'empty'}", []
    if action == "save":
        lines = await proven_prefixes(store)
        proofs = sum(not line.startswith(" ") for line in lines)
        return f"{proofs} proven prefixes of the history recorded", lines
    if action == "load":
        proven, distrusted = await load_proofs(store, recorded, Base.metadata)
        return "\n".join([*distrusted, f"proven: {proven} of {len(store.keys)} revisions"]), []
    return f"{await store.forget()} proofs dropped", []


def add_proofs(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser(
        "proofs",
        help="the migration tests' proofs: print the history's key (CI's cache key), "
        "save or load the record a CI cache carries, or forget them all",
    )
    parser.add_argument("action", choices=["key", "save", "load", "forget"])
    parser.add_argument("--file", type=Path, default=Path(".migration-proofs"))
    parser.set_defaults(command=run_proofs)


def run_db_create(arguments: argparse.Namespace) -> int:
    """Exit 0: the database is there (made now, or before); 1: it could not be made."""
    import asyncio

    from {{ cookiecutter.project_slug }}.db.errors import OperatorError
    from {{ cookiecutter.project_slug }}.settings import SettingsError, load_settings

    from .databases import create_development_database

    try:
        said = asyncio.run(create_development_database(load_settings().sqlalchemy_url))
    except (OperatorError, SettingsError) as error:
        print(f"python -m release_checks db-create: error: {error}", file=sys.stderr)
        return 1
    print(said)
    return 0


def add_db_create(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser(
        "db-create", help="create the database the settings name, unless it exists already"
    )
    parser.set_defaults(command=run_db_create)


def run_test_compat(arguments: argparse.Namespace) -> int:
    from .deploy.compat import CompatError, test_compat

    try:
        return test_compat(arguments.ref)
    except CompatError as error:
        print(f"test-compat: {error}", file=sys.stderr)
        return 2


def add_test_compat(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser(
        "test-compat",
        help="run a release's own tests against this tree's schema and API (README: CI)",
    )
    parser.add_argument(
        "--ref", help="the release (default: the newest release tag; in CI the base branch)"
    )
    parser.set_defaults(command=run_test_compat)


def run_release(_arguments: argparse.Namespace) -> int:
    """Record the release being cut in migrations/released.toml (release.py)."""
    from alembic.util import CommandError

    import {{ cookiecutter.project_slug }}.models  # noqa: F401  (registers every table, as env.py does)
    from {{ cookiecutter.project_slug }}.db import Base, deprecations

    from .history import History, shape_problems
    from .project import PROJECT_ROOT, alembic_config, read_settings
    from .release import RECORD, record_release

    version = read_settings().version
    if version is None:
        raise GateError("pyproject.toml has no [project] version to record")
    try:
        history = History.load(alembic_config())
        if problems := shape_problems(history):
            raise GateError(f"the history is not one line: {problems[0]}")
        head = history.revisions[-1].revision if history.revisions else None
        released = record_release(PROJECT_ROOT / RECORD, version, head, deprecations(Base.metadata))
    except (CommandError, ValueError) as error:
        raise GateError(str(error)) from None
    print(
        f"{RECORD}: release {released.version} at revision {released.head}, "
        f"{len(released.deprecated)} deprecation(s); commit it with the release"
    )
    return 0


def add_release(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser(
        "release",
        help="record the release being cut (its version, head revision and deprecations) in "
        "migrations/released.toml: the rules' baseline (docs/migrations.md: The release record)",
    )
    parser.set_defaults(command=run_release)


def run_deprecations(arguments: argparse.Namespace) -> int:
    """Exit 0: listed (and, given a URL, the statements naming each column there);
    2: the database could not tell."""
    import {{ cookiecutter.project_slug }}.models  # noqa: F401  (registers every table, as env.py does)
    from {{ cookiecutter.project_slug }}.db import Base
    from {{ cookiecutter.project_slug }}.db.errors import OperatorError

    {% if cookiecutter.api == "fastapi" -%}
    from .api.deprecations import api_lines
    {% endif -%}
    from .deprecations import report
    from .project import read_settings

    settings = read_settings()
    try:
        report(Base.metadata, settings, arguments.url, {% if cookiecutter.api == "fastapi" %}api_lines{% else %}None{% endif %})
    except OperatorError as error:  # unreachable, refused, no pg_stat_statements: one line
        print(f"cannot tell who reads the deprecated columns: {error}", file=sys.stderr)
        return 2
    return 0


def add_deprecations(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser(
        "deprecations",
        help="list what is deprecated and when it may go; with --url, the statements "
        "naming each deprecated column in that database's pg_stat_statements",
    )
    parser.add_argument("--url", help="a database to read pg_stat_statements of (read only)")
    parser.set_defaults(command=run_deprecations)


{% if cookiecutter.api == "fastapi" -%}
def run_lint_api(arguments: argparse.Namespace) -> int:
    """Exit 0: the API only grows; 1: findings; 2: the check could not run."""
    from .api import TITLE, lint_api
    from .report import FORMATS

    report = checked(
        arguments.format, TITLE, lambda: lint_api(base=arguments.base, current=arguments.current)
    )
    print(FORMATS[arguments.format](report))
    return 1 if report.findings else 0


def add_lint_api(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser(
        "lint-api", help="check that the API only grows (docs/migrations.md: the API rule)"
    )
    parser.add_argument("--base", type=Path, help="the older document (default: openapi.json)")
    parser.add_argument("--current", type=Path, help="the newer one (default: the app's own)")
    parser.add_argument("--format", choices=REPORT_FORMATS, default="text")
    parser.set_defaults(command=run_lint_api)


def run_openapi(arguments: argparse.Namespace) -> int:
    from .api import write_document
    from .report import as_text

    report = write_document()
    if report.findings:
        print(as_text(report))
        return 1
    print("openapi.json is the app's document")
    return 0


def add_openapi(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser(
        "openapi", help="write the app's document to openapi.json, if it passes lint-api"
    )
    parser.set_defaults(command=run_openapi)


{% endif -%}
# A new subcommand: write run_x and add_x, and list add_x here.
SUBCOMMANDS = [
    add_lint,
    add_proofs,
    add_db_create,
    add_release,
    add_deprecations,
    add_test_compat,
{%- if cookiecutter.api == "fastapi" %}
    add_lint_api,
    add_openapi,
{%- endif %}
]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m release_checks")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    for add in SUBCOMMANDS:
        add(commands)
    arguments = parser.parse_args(argv)
    command: Command = arguments.command
    try:
        return command(arguments)
    except GateError as error:
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return 2
