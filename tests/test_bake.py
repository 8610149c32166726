"""Baking: every supported combination of answers renders a complete, Jinja-free project."""

import itertools
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement

from support.answers import CHOICES
from support.project import DEFAULT_SLUG, bake, run

# Every combination of the other choices, with `api` taking its values in turn by pairs
# (the pairs differ only in include_examples): both APIs meet every value of every other
# prompt, and each other, without doubling the bakes.
OTHER_CHOICES = {name: values for name, values in CHOICES.items() if name != "api"}
COMBINATIONS = [
    {**dict(zip(OTHER_CHOICES, values, strict=True)), "api": CHOICES["api"][n // 2 % 2]}
    for n, values in enumerate(itertools.product(*OTHER_CHOICES.values()))
]

EXAMPLE_FILES = (
    f"src/{DEFAULT_SLUG}/models/account.py",
    f"src/{DEFAULT_SLUG}/models/user.py",
    "migrations/versions/2025_01_15_0900_7ad378002ee7_create_account_table.py",
    "migrations/versions/2025_01_15_0910_fa572fa8023c_create_users_table.py",
    "migrations/versions/2026_12_06_2200_3f2c9b1d4e6a_add_deleted_at_to_account.py",
    "tests/examples/test_models.py",
)
API_FILES = (
    f"src/{DEFAULT_SLUG}/api/app.py",
    f"src/{DEFAULT_SLUG}/api/health.py",
    f"src/{DEFAULT_SLUG}/api/errors.py",
    "tests/api/test_health.py",
)
API_DEPENDENCIES = {"fastapi", "uvicorn", "httpx"}
API_EXAMPLE_FILES = (
    f"src/{DEFAULT_SLUG}/api/accounts.py",
    f"src/{DEFAULT_SLUG}/api/users.py",
    f"src/{DEFAULT_SLUG}/api/resources.py",
    "tests/api/test_accounts.py",
    "tests/api/test_users.py",
)
ALWAYS = (
    "pyproject.toml",
    "alembic.ini",
    "Makefile",
    "compose.yaml",
    "Dockerfile",
    ".dockerignore",
    ".env.example",
    ".github/workflows/ci.yml",
    ".pre-commit-config.yaml",
    "docs/migrations.md",
    "docs/migrations.ru.md",
    "README.md",
    "migrations/env.py",
    "migrations/script.py.mako",
    f"src/{DEFAULT_SLUG}/settings.py",
    f"src/{DEFAULT_SLUG}/db/__init__.py",
    f"src/{DEFAULT_SLUG}/models/__init__.py",
    "release_checks/__init__.py",
    "tests/conftest.py",
)


def leftover_jinja(project: Path) -> list[str]:
    found = []
    for path in project.rglob("*"):
        if path.is_file():
            text = path.read_text(errors="replace")
            found += [
                f"{path.relative_to(project)}: {marker}"
                for marker in ("{{", "{%", "{#", "cookiecutter.")
                if marker in text.replace("${{", "")  # GitHub Actions expressions
            ]
    return found


def test_default_project_has_the_documented_tree(default_project: Path) -> None:
    assert default_project.name == DEFAULT_SLUG
    expected = (*ALWAYS, *EXAMPLE_FILES, *API_FILES, *API_EXAMPLE_FILES)
    missing = [name for name in expected if not (default_project / name).exists()]
    assert missing == []


@pytest.mark.parametrize(
    "answers", COMBINATIONS, ids=["-".join(combo.values()) for combo in COMBINATIONS]
)
def test_every_combination_renders(cookies: Any, answers: dict[str, str]) -> None:
    project = bake(cookies, **answers)

    assert leftover_jinja(project) == []
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert pyproject["project"]["requires-python"] == f">={answers['python_version']}"
    assert pyproject["tool"]["mypy"]["python_version"] == answers["python_version"]
    assert pyproject["tool"]["release_checks"]["postgres_version"] == answers["postgres_version"]
    assert (
        f"image: postgres:{answers['postgres_version']}\n" in (project / "compose.yaml").read_text()
    )
    ci = (project / ".github" / "workflows" / "ci.yml").read_text()
    assert f"image: postgres:{answers['postgres_version']}\n" in ci
    assert f'python-version: "{answers["python_version"]}"\n' in ci
    dockerfile = (project / "Dockerfile").read_text()
    assert f"ARG PYTHON_VERSION={answers['python_version']}\n" in dockerfile
    has_examples = [(project / name).exists() for name in EXAMPLE_FILES]
    assert has_examples == [answers["include_examples"] == "yes"] * len(EXAMPLE_FILES)
    serves = answers["api"] == "fastapi"
    examples = answers["include_examples"] == "yes"
    assert [(project / name).exists() for name in API_FILES] == [serves] * len(API_FILES)
    has_api_examples = [(project / name).exists() for name in API_EXAMPLE_FILES]
    assert has_api_examples == [serves and examples] * len(API_EXAMPLE_FILES)
    metadata = pyproject["project"]
    requirements = [*metadata["dependencies"], *metadata["optional-dependencies"]["dev"]]
    names = {requirement.partition(">")[0] for requirement in requirements}
    assert names & API_DEPENDENCIES == (API_DEPENDENCIES if serves else set())
    assert ("api_app" in pyproject["tool"]["release_checks"]) == serves
    assert ('CMD ["uvicorn", "--factory"' in dockerfile) == serves
    assert ('CMD ["alembic", "upgrade", "head"]' in dockerfile) != serves
    assert_pins_fit(project, pyproject)


def assert_pins_fit(project: Path, pyproject: dict[str, Any]) -> None:
    """The bake's uv.lock is its pyproject.toml's, as `uv lock --check` reads it (the
    project's name, requires-python, what it requires), and uv agrees where the answer's
    Python is here; constraints.txt pins what the lock does, to the same versions."""
    assert not (project / ".pins").exists()
    lock = tomllib.loads((project / "uv.lock").read_text())
    metadata = pyproject["project"]
    assert lock["requires-python"] == metadata["requires-python"]
    (own,) = [package for package in lock["package"] if package["source"] == {"editable": "."}]
    assert own["name"] == metadata["name"].replace("_", "-")
    locked = {str(Requirement(_pep508(entry))) for entry in own["metadata"]["requires-dist"]}
    declared = {str(Requirement(text)) for text in metadata["dependencies"]} | {
        str(Requirement(f"{text}; extra == 'dev'"))
        for text in metadata["optional-dependencies"]["dev"]
    }
    assert locked == declared
    versions = {package["name"]: package["version"] for package in lock["package"]}
    pins = re.findall(r"^([\w.-]+)==(\S+)", (project / "constraints.txt").read_text(), re.M)
    assert pins
    assert all(versions[name] == version for name, version in pins)
    assert {name for name, _ in pins} == set(versions) - {own["name"]}

    if metadata["requires-python"] == f">={sys.version_info.major}.{sys.version_info.minor}":
        check = subprocess.run(  # uv itself, on the Python this suite runs on
            [sys.executable, "-m", "uv", "lock", "--check", "--offline", "-p", sys.executable],
            cwd=project, env={**os.environ, "UV_PYTHON_DOWNLOADS": "never", "VIRTUAL_ENV": ""},
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert check.returncode == 0, check.stderr


def _pep508(entry: dict[str, Any]) -> str:
    """A `requires-dist` entry of uv.lock as the requirement it stands for."""
    extras = f"[{','.join(entry['extras'])}]" if entry.get("extras") else ""
    marker = f"; {entry['marker']}" if "marker" in entry else ""
    return f"{entry['name']}{extras}{entry.get('specifier', '')}{marker}"


def test_without_examples_the_project_starts_empty(cookies: Any) -> None:
    project = bake(cookies, include_examples="no")
    models = project / "src" / DEFAULT_SLUG / "models"
    assert sorted(path.name for path in models.glob("*.py")) == ["__init__.py"]
    assert list((project / "migrations" / "versions").glob("*.py")) == []
    assert (project / "migrations" / "versions").is_dir()
    assert not (project / "tests" / "examples").exists()
    # Nor do its README and `make help` cite the example revisions it does not have.
    citing = [
        str(path.relative_to(project))
        for path in project.rglob("*")
        if path.is_file()
        and path.name != "uv.lock"  # hashes, where any four hex digits may turn up
        and re.search("7ad3|fa572", path.read_text(errors="replace"))
    ]
    assert citing == []
    assert "range=FROM:TO" in run("make", "help", cwd=project).stdout


def test_slug_follows_the_name(cookies: Any) -> None:
    project = bake(cookies, project_name="Billing-Ledger API")
    assert project.name == "billing_ledger_api"
    assert (project / "src" / "billing_ledger_api" / "db" / "base.py").exists()
