"""Bad answers are refused before anything is written, with one clear line each."""

import sys
from pathlib import Path

import pytest

from support.project import TEMPLATE, run

REFUSALS = [
    ({"project_slug": "Accounts"}, "project_slug 'Accounts' is not a lowercase Python identifier"),
    ({"project_slug": "2fa_service"}, "project_slug '2fa_service' is not a lowercase Python"),
    ({"project_slug": "accounts-service"}, "is not a lowercase Python identifier"),
    ({"project_slug": "class"}, "project_slug 'class' is a Python keyword"),
    ({"project_slug": "match"}, "project_slug 'match' is a Python keyword"),
    ({"project_slug": "asyncio"}, "project_slug 'asyncio' would shadow the module"),
    ({"project_slug": "test"}, "project_slug 'test' would shadow the module"),
    ({"project_slug": "alembic"}, "project_slug 'alembic' would shadow the module"),
    ({"project_slug": "sqlalchemy"}, "project_slug 'sqlalchemy' would shadow the module"),
    ({"project_slug": "migration_tools"}, "would shadow the module"),
    ({"project_name": "   ", "project_slug": "blank"}, "project_name must not be empty"),
    ({"author_email": "not-an-email"}, "author_email 'not-an-email' is not an email address"),
]
CHOICE_REFUSALS = [
    ({"python_version": "3.10"}, "python_version"),
    ({"postgres_version": "14"}, "postgres_version"),
    ({"include_examples": "maybe"}, "include_examples"),
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
    code, output = cookiecutter(tmp_path, answers)

    assert code != 0
    # Cookiecutter adds its own "Stopping generation" line and traceback; the hook's
    # refusal is the one line that says what is wrong.
    refusals = [
        line
        for line in output.splitlines()
        if line.startswith("ERROR:") and "Stopping generation" not in line
    ]
    assert len(refusals) == 1, output
    assert message in refusals[0]
    assert list(tmp_path.iterdir()) == []


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


def test_good_answers_are_accepted(tmp_path: Path) -> None:
    code, output = cookiecutter(tmp_path, {"project_slug": "ledger", "author_email": "a@b.io"})
    assert code == 0, output
    assert (tmp_path / "ledger" / "src" / "ledger").is_dir()
