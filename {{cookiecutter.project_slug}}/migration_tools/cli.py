"""`python -m migration_tools COMMAND`: the dev-time commands, one subcommand each."""

import argparse
import contextlib
import sys
from collections.abc import Callable, Sequence

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


# A new subcommand: write run_x and add_x, and list add_x here.
SUBCOMMANDS = [add_lint]


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
