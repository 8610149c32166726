"""Bad answers are refused before anything is written, with one clear line each; unusual
but valid ones (quotes, emoji, a long name) are not refused."""

import shlex
import subprocess
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
    ({"project_slug": "release_checks"}, "would shadow the project's own release_checks"),
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
    assert len(refusals) == 1, refusals
    assert refusals[0].startswith(
        "ERROR: project_slug 'dotenv' would shadow the module of that name, which the project "
        "installs (python-dotenv). To answer again with the other answers kept as the "
        f"prompts' defaults (Enter keeps each): cookiecutter {TEMPLATE} "
    )
    assert list(tmp_path.iterdir()) == []


def test_several_bad_answers_are_one_line(tmp_path: Path) -> None:
    bake = bake_answers(tmp_path, {"project_slug": "dotenv", "author_email": "a,b@x.io"})
    (line,) = bake.refusal
    assert line.startswith(
        "ERROR: project_slug 'dotenv' would shadow the module of that name, which the project "
        "installs (python-dotenv); author_email 'a,b@x.io' is not one email address "
        "(name@example.com). To answer again"
    )
    assert "project_slug=" not in line
    assert "author_email=" not in line


# cookiecutter 2.x checks answers only once the last prompt is answered (its hooks run
# after the prompts; no prompt has a validator), so a refusal cannot come sooner. Its line
# ends with the command that asks again, every accepted answer as its prompt's default.
KEPT = {  # as typed on the command line, which renders answers as Jinja: {{x}} means {{x}}
    "project_name": 'Ledger {{ "{{" }}x}} "Pro" \\ 😀 Ж',
    "description": "It's $HOME; `date` {{ '{%' }} tag",
    "author_name": "Doe, Jane",
    "python_version": "3.13",
    "postgres_version": "15",
    "include_examples": "no",
    "api": "none",
}
PROMPTS = ["project_name", "project_slug", "description", "author_name", "author_email",
           "python_version", "postgres_version", "include_examples", "api"]  # fmt: skip


@pytest.mark.parametrize(
    ("refused", "typed_again"),
    [
        ({"author_email": "a,b@x.io"}, {"author_email": "jane@example.com"}),
        ({"project_slug": "dotenv"}, {"project_slug": "ledger_pro"}),
    ],
    ids=["author_email", "project_slug"],
)
def test_a_refusal_says_how_to_answer_again_keeping_the_other_answers(
    tmp_path: Path, refused: dict[str, str], typed_again: dict[str, str]
) -> None:
    """The command of the refusal, run as a person would (Enter at every prompt but the
    refused one's), bakes exactly what all the right answers at once would have."""
    refused_bake = tmp_path / "refused"
    refused_bake.mkdir()
    (line,) = bake_answers(refused_bake, {**KEPT, **refused}).refusal
    command = shlex.split(line.partition("(Enter keeps each): ")[2])
    assert command[:2] == ["cookiecutter", str(TEMPLATE)]
    assert list(refused_bake.iterdir()) == []

    again = tmp_path / "again"
    typed = "".join(f"{typed_again.get(name, '')}\n" for name in PROMPTS)
    result = subprocess.run(
        [sys.executable, "-m", "cookiecutter", "-o", again, *command[1:]],
        input=typed, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    right = tmp_path / "right"
    right.mkdir()
    expected = bake_answers(right, {**KEPT, **typed_again}).project
    assert expected is not None
    (project,) = again.iterdir()
    assert project.name == expected.name
    files = sorted(path.relative_to(expected) for path in expected.rglob("*") if path.is_file())
    assert (
        sorted(path.relative_to(project) for path in project.rglob("*") if path.is_file()) == files
    )
    for file in files:
        assert (project / file).read_bytes() == (expected / file).read_bytes(), file


@pytest.mark.parametrize("answers", ACCEPTED, ids=[str(a) for a in ACCEPTED])
def test_unusual_answers_are_accepted(tmp_path: Path, answers: dict[str, str]) -> None:
    bake = bake_answers(tmp_path, answers)
    assert bake.refusal == []
    assert bake.project is not None
    assert (bake.project / "src" / bake.project.name / "__init__.py").is_file()
