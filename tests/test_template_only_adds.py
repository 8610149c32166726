"""The template only adds: `cruft update` never changes what an existing project does
unless its team asks, and never edits a revision a project may have applied.

Old projects are made from real older commits of this repository (so these tests need its
git history), then updated to the template as it is on disk, through a throwaway git
repository holding the two: the update under test is the one a team would take.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support.project import DEFAULT_SLUG, EXAMPLES_HEAD, TEMPLATE, run

CRUFT = Path(sys.executable).parent / "cruft"
VERSIONS = "{{cookiecutter.project_slug}}/migrations/versions"
# The template's own files: what a template repository holds for cruft.
TEMPLATE_FILES = (
    "cookiecutter.json",
    "local_extensions.py",
    "hooks",
    "{{cookiecutter.project_slug}}",
)
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Template Test",
    "GIT_AUTHOR_EMAIL": "template@example.com",
    "GIT_COMMITTER_NAME": "Template Test",
    "GIT_COMMITTER_EMAIL": "template@example.com",
}
# Commits of this repository that projects were made from, each just before a change that
# could have broken them on update.
BEFORE_API_PROMPT = "c8d4b6f"  # the next commit added the `api` prompt (an HTTP service)
BEFORE_SOFT_DELETE = "e07aba2"  # the next one gave the example Account its deleted_at


def git(*arguments: str, cwd: Path) -> str:
    return run("git", *arguments, cwd=cwd, env=GIT_IDENTITY).stdout.strip()


@pytest.fixture(scope="module")
def history() -> None:
    """These tests read the template's own history; a shallow clone does not have it."""
    if not (TEMPLATE / ".git").exists():
        pytest.fail(f"{TEMPLATE} is not a git checkout: these tests read the template's history")
    if git("rev-parse", "--is-shallow-repository", cwd=TEMPLATE) == "true":
        pytest.fail("the template's clone is shallow: run `git fetch --unshallow` first")


def published_revisions() -> list[str]:
    """Every example revision file the template has ever committed."""
    names = git("log", "--format=", "--name-only", "--diff-filter=A", "--", VERSIONS, cwd=TEMPLATE)
    return sorted({name for name in names.splitlines() if name.endswith(".py")})


def test_no_published_revision_was_ever_edited(history: None) -> None:
    """A revision is published when committed; from then on its bytes are the ones projects
    applied. (7ad378002ee7 was edited once, and has been put back.)"""
    published = published_revisions()
    assert any(EXAMPLES_HEAD in name for name in published)
    for name in published:
        first = git("log", "--format=%H", "--diff-filter=A", "--", name, cwd=TEMPLATE)
        first_commit = first.splitlines()[-1]
        on_disk = TEMPLATE / name
        assert on_disk.exists(), f"{name} was published and is gone"
        as_published = git("show", f"{first_commit}:{name}", cwd=TEMPLATE)
        assert on_disk.read_text().strip() == as_published, f"{name} differs from {first_commit}"


def template_repository(root: Path, old: str) -> tuple[Path, str]:
    """A git repository holding the template at `old`, then as it is on disk: (its path,
    the current commit)."""
    repository = root / "template"
    repository.mkdir()
    held = set(git("ls-tree", "--name-only", old, cwd=TEMPLATE).splitlines())
    archive = subprocess.run(
        ["git", "archive", old, *(name for name in TEMPLATE_FILES if name in held)],
        cwd=TEMPLATE,
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", repository], input=archive, check=True)
    git("init", "--quiet", "--initial-branch=main", cwd=repository)
    git("add", ".", cwd=repository)
    git("commit", "--quiet", "-m", f"the template at {old}", cwd=repository)
    old_commit = git("rev-parse", "HEAD", cwd=repository)
    for name in TEMPLATE_FILES:
        target = repository / name
        if target.is_dir():
            shutil.rmtree(target)
        source = TEMPLATE / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*_cache"))
        else:
            shutil.copy(source, target)
    git("add", "--all", ".", cwd=repository)
    git("commit", "--quiet", "--allow-empty", "-m", "the template now", cwd=repository)
    return repository, old_commit


def old_project(root: Path, old: str) -> Path:
    """A project made with cruft from the template at `old`, committed as a team would."""
    template, old_commit = template_repository(root, old)
    output = root / "projects"
    run(CRUFT, "create", "--no-input", "--checkout", old_commit, "--output-dir", output,
        template, cwd=root)  # fmt: skip
    project = output / DEFAULT_SLUG
    git("init", "--quiet", "--initial-branch=main", cwd=project)
    git("add", ".", cwd=project)
    git("commit", "--quiet", "-m", "our project", cwd=project)
    return project


def update(project: Path, *arguments: str) -> None:
    run(CRUFT, "update", "--skip-apply-ask", "--checkout", "main", *arguments, cwd=project)
    left = git("status", "--porcelain", "--untracked-files=all", cwd=project)
    assert ".rej" not in left, left  # nothing left to merge by hand
    assert "<<<<<<<" not in git("diff", cwd=project)
    git("add", "--all", ".", cwd=project)
    git("commit", "--quiet", "--allow-empty", "-m", "take the template", cwd=project)


def make(project: Path, target: str, env: dict[str, str]) -> str:
    result = run("make", target, f"PYTHON={sys.executable}", cwd=project, env=env)
    return result.stdout + result.stderr


def answers(project: Path) -> dict[str, str]:
    context: dict[str, str] = json.loads((project / ".cruft.json").read_text())["context"][
        "cookiecutter"
    ]
    return context


def assert_green_on_its_database(project: Path, env: dict[str, str]) -> None:
    """The updated project migrates the database its old release made, and its checks
    pass there: at head, models equal to the schema, every revision within the rules."""
    run(sys.executable, "-m", "alembic", "upgrade", "head", cwd=project, env=env)
    assert "database ready" in make(project, "check-db", env)
    make(project, "drift", env)
    make(project, "lint-migrations", env)


def test_a_project_made_before_the_api_prompt_gets_no_service_unless_it_asks(
    history: None, tmp_path: Path, database_env: dict[str, str]
) -> None:
    project = old_project(tmp_path, BEFORE_API_PROMPT)
    run(sys.executable, "-m", "alembic", "upgrade", "head", cwd=project, env=database_env)

    update(project)
    assert answers(project)["api"] == "none"
    assert not (project / "src" / DEFAULT_SLUG / "api").exists()
    assert "fastapi" not in (project / "pyproject.toml").read_text()
    assert_green_on_its_database(project, database_env)

    update(project, "--variables-to-update", '{"api": "fastapi"}')  # asked: it comes
    assert answers(project)["api"] == "fastapi"
    assert (project / "src" / DEFAULT_SLUG / "api" / "app.py").exists()
    assert "fastapi" in (project / "pyproject.toml").read_text()


def test_a_project_made_before_a_schema_change_to_the_examples_migrates_to_it(
    history: None, tmp_path: Path, database_env: dict[str, str]
) -> None:
    """The example Account became soft-deletable after its revision was published: the
    update brings the column as a new revision, so the old database reaches the models."""
    project = old_project(tmp_path, BEFORE_SOFT_DELETE)
    run(sys.executable, "-m", "alembic", "upgrade", "head", cwd=project, env=database_env)

    update(project)
    assert_green_on_its_database(project, database_env)
    heads = run(sys.executable, "-m", "alembic", "current", cwd=project, env=database_env)
    assert EXAMPLES_HEAD in heads.stdout
