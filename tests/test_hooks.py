"""Bad answers are refused before anything is written, with one clear line each; unusual
but valid ones (quotes, emoji, a long name) are not refused."""

import sys
from pathlib import Path

import pytest

from support.answers import bake_answers
from support.project import TEMPLATE, run

REFUSALS = [
    ({"project_slug": "Accounts"}, "project_slug 'Accounts' is not a lowercase Python identifier"),
    ({"project_slug": "2fa_service"}, "project_slug '2fa_service' is not a lowercase Python"),
    ({"project_slug": "accounts-service"}, "is not a lowercase Python identifier"),
    # Python packaging refuses a name that starts or ends with an underscore.
    ({"project_slug": "_ledger"}, "project_slug '_ledger' is not a lowercase Python identifier"),
    ({"project_slug": "ledger_"}, "does not end with an underscore"),
    ({"project_slug": "a" * 29}, f"project_slug '{'a' * 29}' is longer than 28 characters"),
    ({"project_slug": "class"}, "project_slug 'class' is a Python keyword"),
    ({"project_slug": "match"}, "project_slug 'match' is a Python keyword"),
    ({"project_slug": "asyncio"}, "project_slug 'asyncio' would shadow the standard library"),
    ({"project_slug": "typing"}, "project_slug 'typing' would shadow the standard library"),
    # What the project and its tools import, read from its real environment.
    ({"project_slug": "alembic"}, "'alembic' would shadow the module of that name, which the"),
    ({"project_slug": "sqlalchemy"}, "'sqlalchemy' would shadow the module"),
    ({"project_slug": "dotenv"}, "'dotenv' would shadow the module of that name, which the"),
    ({"project_slug": "typing_extensions"}, "'typing_extensions' would shadow the module"),
    ({"project_slug": "mako"}, "'mako' would shadow the module of that name, which the"),
    ({"project_slug": "pydantic_core"}, "'pydantic_core' would shadow the module"),
    ({"project_slug": "hatchling"}, "'hatchling' would shadow the module"),  # the build backend
    ({"project_slug": "python_dotenv"}, "'python_dotenv' is the name of python-dotenv, which"),
    # The project's own top-level names, importable from its root and its tests.
    ({"project_slug": "migration_tools"}, "would shadow the project's own migration_tools"),
    ({"project_slug": "conftest"}, "'conftest' would shadow the project's own tests/conftest.py"),
    ({"project_slug": "examples"}, "'examples' would shadow the project's own tests/examples"),
    ({"project_slug": "tests"}, "'tests' would shadow the project's own tests"),
    ({"project_slug": "build"}, "project_slug 'build' is ignored by git (.gitignore: build/)"),
    ({"project_slug": "dist"}, "project_slug 'dist' is ignored by git (.gitignore: dist/)"),
    ({"project_name": "   ", "project_slug": "blank"}, "project_name must not be empty"),
    ({"author_name": "Jane\nDoe"}, "author_name must be one line of text; it holds '\\n'"),
    ({"project_name": "Ledger\tCo"}, "project_name must be one line of text; it holds '\\t'"),
    ({"description": "One\u2028two"}, "description must be one line of text; it holds '\\u2028'"),
    ({"author_email": "j@x.io\x00"}, "author_email must be one line of text; it holds '\\x00'"),
    ({"author_email": "not-an-email"}, "author_email 'not-an-email' is not one email address"),
    ({"author_email": "a,b@x.io"}, "author_email 'a,b@x.io' is not one email address"),
    ({"author_email": "a@x.io,b@x.io"}, "author_email 'a@x.io,b@x.io' is not one email"),
    ({"author_email": "Jane <j@x.io>"}, "author_email 'Jane <j@x.io>' is not one email address"),
    ({"author_email": "j@localhost"}, "author_email 'j@localhost' is not one email address"),
    ({"author_email": "j @x.io"}, "author_email 'j @x.io' is not one email address"),
]
CHOICE_REFUSALS = [
    ({"python_version": "3.10"}, "python_version"),
    ({"postgres_version": "14"}, "postgres_version"),
    ({"include_examples": "maybe"}, "include_examples"),
]
# Unusual but valid: each bakes (tests/test_answers.py proves such projects work).
ACCEPTED = [
    {"project_name": 'Ledger "Pro" 😀', "project_slug": "ledger"},
    {"project_name": "2FA Gateway"},  # the default slug: service_2fa_gateway
    {"project_name": "🚀"},  # the default slug: service
    {"author_name": "Doe, Jane \\", "author_email": "jane.doe+ledger@mail.example.co.uk"},
    {"project_slug": "a" * 28},
]


def cookiecutter(output: Path, answers: dict[str, str]) -> tuple[int, str]:
    arguments = [f"{name}={value}" for name, value in answers.items()]
    result = run(
        sys.executable, "-m", "cookiecutter", "--no-input", "-o", output, TEMPLATE, *arguments,
        cwd=output, check=False,
    )  # fmt: skip
    return result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize(("answers", "message"), REFUSALS, ids=[str(a) for a, _ in REFUSALS])
def test_bad_answer_is_refused_and_leaves_nothing(
    tmp_path: Path, answers: dict[str, str], message: str
) -> None:
    output = tmp_path / "out"
    output.mkdir()

    bake = bake_answers(output, answers)

    assert bake.project is None
    assert len(bake.refusal) == 1, bake.refusal
    assert bake.refusal[0].startswith("ERROR: ")
    assert message in bake.refusal[0]
    assert list(output.iterdir()) == []


def test_the_command_line_shows_the_refusal_once_and_leaves_nothing(tmp_path: Path) -> None:
    code, output = cookiecutter(tmp_path, {"project_slug": "dotenv"})

    assert code != 0
    # Cookiecutter adds its own "Stopping generation" line and traceback; the hook's
    # refusal is the one line that says what is wrong.
    refusals = [
        line
        for line in output.splitlines()
        if line.startswith("ERROR:") and "Stopping generation" not in line
    ]
    assert refusals == [
        "ERROR: project_slug 'dotenv' would shadow the module of that name, which the project "
        "installs (python-dotenv)"
    ]
    assert list(tmp_path.iterdir()) == []


def test_several_bad_answers_are_one_line(tmp_path: Path) -> None:
    bake = bake_answers(tmp_path, {"project_slug": "dotenv", "author_email": "a,b@x.io"})
    assert bake.refusal == [
        "ERROR: project_slug 'dotenv' would shadow the module of that name, which the project "
        "installs (python-dotenv); author_email 'a,b@x.io' is not one email address "
        "(name@example.com)"
    ]


@pytest.mark.parametrize(
    ("answers", "name"), CHOICE_REFUSALS, ids=[str(a) for a, _ in CHOICE_REFUSALS]
)
def test_unsupported_choice_is_refused_and_leaves_nothing(
    tmp_path: Path, answers: dict[str, str], name: str
) -> None:
    code, output = cookiecutter(tmp_path, answers)

    assert code != 0
    assert name in output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("answers", ACCEPTED, ids=[str(a) for a in ACCEPTED])
def test_unusual_answers_are_accepted(tmp_path: Path, answers: dict[str, str]) -> None:
    bake = bake_answers(tmp_path, answers)
    assert bake.refusal == []
    assert bake.project is not None
    assert (bake.project / "src" / bake.project.name / "__init__.py").is_file()
