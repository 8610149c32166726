"""Template updates reach old projects: a project created with cruft from an older commit
of the template takes the current one with one `cruft update`.

The template's history is built here, in a throwaway git repository, from the files on
disk: an "old" commit (the current template with one file missing and one line
different), then the current template. So the test depends on neither the real history
nor the network.
"""

import json
import shutil
import sys
from pathlib import Path

import pytest

from support.project import DEFAULT_SLUG, TEMPLATE, WITHOUT_CATALOG_EXAMPLES, run

CRUFT = Path(sys.executable).parent / "cruft"
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Template Test",
    "GIT_AUTHOR_EMAIL": "template@example.com",
    "GIT_COMMITTER_NAME": "Template Test",
    "GIT_COMMITTER_EMAIL": "template@example.com",
}
PROJECT = TEMPLATE / "{{cookiecutter.project_slug}}"
NEW_FILE = ".dockerignore"  # absent from the old commit; no Jinja, so it bakes as it is
CHANGED_FILE = "Makefile"  # one line differs in the old commit
OLD_HELP, NEW_HELP = "## Show the targets", "## List the targets"
LOCAL_EDIT = "\n## Our team's notes\n\nKept across template updates.\n"


def git(*arguments: str, cwd: Path) -> str:
    return run("git", *arguments, cwd=cwd, env=GIT_IDENTITY).stdout.strip()


def template_history(root: Path) -> tuple[Path, str, str]:
    """A git repository holding the template twice: (path, old commit, current commit)."""
    repository = root / "template"
    repository.mkdir()
    for name in ("cookiecutter.json", "local_extensions.py", "hooks", PROJECT.name):
        source = TEMPLATE / name
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*_cache")
            shutil.copytree(source, repository / name, ignore=ignore)
        else:
            shutil.copy(source, repository / name)
    git("init", "--quiet", "--initial-branch=main", cwd=repository)
    project = repository / PROJECT.name

    current_makefile = (project / CHANGED_FILE).read_text()
    assert current_makefile.count(NEW_HELP) == 1
    (project / CHANGED_FILE).write_text(current_makefile.replace(NEW_HELP, OLD_HELP))
    new_file = (project / NEW_FILE).read_text()
    assert "{{" not in new_file, "NEW_FILE must bake verbatim"
    assert "{%" not in new_file, "NEW_FILE must bake verbatim"
    (project / NEW_FILE).unlink()
    git("add", ".", cwd=repository)
    git("commit", "--quiet", "-m", "old template", cwd=repository)
    old = git("rev-parse", "HEAD", cwd=repository)

    (project / CHANGED_FILE).write_text(current_makefile)
    (project / NEW_FILE).write_text(new_file)
    git("add", ".", cwd=repository)
    git("commit", "--quiet", "-m", "current template", cwd=repository)
    return repository, old, git("rev-parse", "HEAD", cwd=repository)


def cruft_check(project: Path) -> int:
    return run(CRUFT, "check", cwd=project, check=False).returncode


def updated_project(root: Path) -> Path:
    """Create a project from the old commit, commit it with a local edit, update it to the
    current template; check each step as a user would see it."""
    template, old, current = template_history(root)
    output = root / "projects"
    run(
        CRUFT, "create", "--no-input", "--checkout", old, "--output-dir", output, template, cwd=root
    )
    project = output / DEFAULT_SLUG
    assert json.loads((project / ".cruft.json").read_text())["commit"] == old
    assert not (project / NEW_FILE).exists()

    with (project / "README.md").open("a") as readme:
        readme.write(LOCAL_EDIT)
    git("init", "--quiet", "--initial-branch=main", cwd=project)
    git("add", ".", cwd=project)
    git("commit", "--quiet", "-m", "our project", cwd=project)
    assert cruft_check(project) == 1  # out of date, and says so

    run(CRUFT, "update", "--skip-apply-ask", "--checkout", "main", cwd=project)

    assert json.loads((project / ".cruft.json").read_text())["commit"] == current
    assert (project / NEW_FILE).read_text() == (PROJECT / NEW_FILE).read_text()
    assert NEW_HELP in (project / CHANGED_FILE).read_text()
    assert OLD_HELP not in (project / CHANGED_FILE).read_text()
    assert (project / "README.md").read_text().endswith(LOCAL_EDIT)
    assert cruft_check(project) == 0
    return project


@pytest.fixture(scope="module")
def updated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One update per module (per xdist worker), shared read-only by its tests."""
    return updated_project(tmp_path_factory.mktemp("cruft"))


def test_an_old_project_takes_the_current_template(updated: Path) -> None:
    # `.cruft.json` is part of the project now; the linters must not mind it.
    run(sys.executable, "-m", "ruff", "check", ".", cwd=updated)
    run(sys.executable, "-m", "ruff", "format", "--check", ".", cwd=updated)


@pytest.mark.slow
def test_the_updated_project_passes_its_own_tests(updated: Path) -> None:
    result = run(
        "make",
        "test",
        f"PYTHON={sys.executable}",
        cwd=updated,
        env={"PYTHONDONTWRITEBYTECODE": "1", **WITHOUT_CATALOG_EXAMPLES},
    )
    assert " passed" in result.stdout
    assert " failed" not in result.stdout
