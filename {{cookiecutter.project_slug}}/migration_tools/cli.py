"""`python -m migration_tools COMMAND`: the dev-time commands, one subcommand each."""

import argparse
import contextlib
import sys
from collections.abc import Callable, Sequence
{%- if cookiecutter.api == "fastapi" %}
from pathlib import Path
{%- endif %}

{% if cookiecutter.api == "fastapi" -%}
from .api_gate import API_FORMATS, as_text, lint_api, write_document
{% endif -%}
from .gate import FORMATS, GateError, failure, lint

Command = Callable[[argparse.Namespace], int]


def run_lint(arguments: argparse.Namespace) -> int:
    """Exit 0: every revision passes; 1: findings; 2: the gate could not run."""
    try:
        # What revisions print must not corrupt the report (JSON above all).
        with contextlib.redirect_stdout(sys.stderr):
            report = lint()
    except Exception as error:
        if not isinstance(error, GateError):  # a bug of the gate's: still one line, exit 2
            first = (str(error).strip().splitlines() or [""])[0]
            error = GateError(f"the gate itself failed: {type(error).__name__}: {first}")
        if (said := failure(arguments.format, str(error))) is not None:
            print(said)
        raise error from None
    print(FORMATS[arguments.format](report))
    return 1 if report.violations else 0


def add_lint(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser(
        "lint", help="check every revision against the migration rules (docs/migrations.md)"
    )
    parser.add_argument("--format", choices=sorted(FORMATS), default="text")
    parser.set_defaults(command=run_lint)


{% if cookiecutter.api == "fastapi" -%}
def run_lint_api(arguments: argparse.Namespace) -> int:
    report = lint_api(base=arguments.base, current=arguments.current)
    print(API_FORMATS[arguments.format](report))
    return 1 if report.findings else 0


def add_lint_api(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = commands.add_parser(
        "lint-api", help="check that the API only grows (docs/migrations.md: the API rule)"
    )
    parser.add_argument("--base", type=Path, help="the older document (default: openapi.json)")
    parser.add_argument("--current", type=Path, help="the newer one (default: the app's own)")
    parser.add_argument("--format", choices=sorted(API_FORMATS), default="text")
    parser.set_defaults(command=run_lint_api)


def run_openapi(arguments: argparse.Namespace) -> int:
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
SUBCOMMANDS = [add_lint{% if cookiecutter.api == "fastapi" %}, add_lint_api, add_openapi{% endif %}]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m migration_tools")
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
