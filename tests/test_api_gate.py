"""The API gate of a baked project (`make lint-api`): every change of tests/api_corpus.py
gets its verdict, documents that mean the same compare equal, a removal passes only through
the deprecate-then-remove recipe, the committed openapi.json is the app's for every answer,
and a removal in a real baked project fails its `make test` with one line naming it.

The comparison is pure Python, so it runs in-process on documents of real FastAPI apps."""

import copy
import importlib
import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from api_corpus import CASES, Case
from fastapi import FastAPI

from support.project import DEFAULT_SLUG, bake, run

Document = dict[str, Any]


@pytest.fixture(scope="module")
def gate(default_project: Path) -> Iterator[ModuleType]:
    """The baked project's release_checks.api.gate (api_contract is reached through it)."""
    paths = [str(default_project / "src"), str(default_project)]
    sys.path[:0] = paths
    try:
        yield importlib.import_module("release_checks.api.gate")
    finally:
        for path in paths:
            sys.path.remove(path)


def document_of(source: str) -> Document:
    """The document the gate reads of an app: FastAPI's, with what the routes leave out of
    their answers. (The `gate` fixture has imported the baked project's gate.)"""
    namespace: dict[str, Any] = {"__name__": "corpus_app"}
    exec(compile(source, "corpus_app", "exec"), namespace)  # the corpus' own apps
    app: FastAPI = namespace["app"]
    document: Document = sys.modules["release_checks.api.gate"].document_of(app)[0]
    return document


@pytest.fixture(scope="module")
def base_document(gate: ModuleType) -> Document:
    return document_of(Case("base", (), frozenset()).source())


def rules(gate: ModuleType, base: Document, current: Document) -> set[str]:
    return {change.rule for change in gate.compare(base, current)}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_change_gets_its_verdict(
    gate: ModuleType, base_document: Document, case: Case
) -> None:
    changes = gate.compare(base_document, document_of(case.source()))
    assert {change.rule for change in changes} == case.breaks, changes
    assert all(gate.RULES[rule].api for rule in case.breaks)


def test_every_rule_id_has_a_case_in_the_corpus(gate: ModuleType) -> None:
    judged = {rule for case in CASES for rule in case.breaks}
    gate_only = {"api-deprecation", "api-acknowledgement", "api-not-committed"}
    assert {rule for rule, said in gate.RULES.items() if said.api} - gate_only == judged


def test_a_rule_that_fails_is_one_finding_not_a_traceback(
    gate: ModuleType, base_document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The walk hands each pair to the rules registered for its level; one that raises
    is reported under its id, where it failed."""
    contract = importlib.import_module("release_checks.api.contract")

    def broken(pair: Any) -> Iterator[Any]:
        raise KeyError(pair.name)

    monkeypatch.setitem(contract._RECOGNISERS, "operation", [("api-operation-id", broken)])
    changes = gate.compare(base_document, base_document)
    assert changes, "no finding"
    assert {change.rule for change in changes} == {"api-operation-id"}
    assert all("the rule could not judge this (KeyError: " in c.message for c in changes)


def reordered(node: Any) -> Any:
    """The same document with every object's keys in reverse order."""
    if isinstance(node, dict):
        return {key: reordered(node[key]) for key in reversed(list(node))}
    if isinstance(node, list):
        return [reordered(item) for item in node]
    return node


def null_spelled_as_type_list(node: Any) -> Any:
    """`anyOf: [{type: X}, {type: null}]` written `type: [X, null]` (same meaning in 3.1)."""
    if isinstance(node, list):
        return [null_spelled_as_type_list(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: null_spelled_as_type_list(value) for key, value in node.items()}
    branches = node.get("anyOf")
    if (
        isinstance(branches, list)
        and len(branches) == 2
        and branches[1] == {"type": "null"}
        and set(branches[0]) <= {"type", "maxLength", "minLength", "format"}
    ):
        del node["anyOf"]
        node.update(branches[0], type=[branches[0]["type"], "null"])
    return node


def test_documents_that_mean_the_same_compare_equal(
    gate: ModuleType, base_document: Document
) -> None:
    for same in (reordered(base_document), null_spelled_as_type_list(base_document)):
        assert gate.compare(base_document, same) == []
        assert gate.compare(same, base_document) == []
    assert gate.normalise(reordered(base_document)) == gate.normalise(base_document)


def test_a_finding_names_the_json_path_a_client_meets(
    gate: ModuleType, base_document: Document
) -> None:
    current = copy.deepcopy(base_document)
    del current["components"]["schemas"]["Owner"]["properties"]["email"]
    (change,) = gate.compare(base_document, current)
    assert change.rule == "api-removed-field"
    assert change.subject == "components.schemas.Owner.properties.email"
    assert change.at == "paths./accounts.get.responses.200[].owner.email"


TREE = """
from fastapi import FastAPI
from pydantic import BaseModel


class Node(BaseModel):
    name: str
    children: list["Node"] = []


app = FastAPI()


@app.get("/tree")
async def tree() -> Node: ...
"""


def test_recursive_schemas_and_all_of_are_followed(gate: ModuleType) -> None:
    """A schema that contains itself ends; allOf parts are merged, so a field removed from
    a part is found."""
    tree = document_of(TREE)
    assert gate.compare(tree, tree) == []
    pruned = copy.deepcopy(tree)
    del pruned["components"]["schemas"]["Node"]["properties"]["name"]
    assert [change.rule for change in gate.compare(tree, pruned)] == ["api-removed-field"]

    composed = copy.deepcopy(tree)
    node = composed["components"]["schemas"]["Node"]
    composed["components"]["schemas"]["Named"] = {
        "type": "object",
        "properties": {"name": node["properties"].pop("name")},
        "required": ["name"],
    }
    node["allOf"] = [{"$ref": "#/components/schemas/Named"}]
    assert gate.compare(tree, composed) == []
    del composed["components"]["schemas"]["Named"]["properties"]["name"]
    (change,) = gate.compare(tree, composed)
    assert (change.rule, change.at) == ("api-removed-field", "paths./tree.get.responses.200.name")


# The recipe: deprecate (recorded in the document), then remove releases later, acknowledged.

PYPROJECT = """[project]
name = "contract"
version = "{version}"

[tool.release_checks]
postgres_version = "17"
releases_before_drop = 2
"""

DEPRECATED = """
from fastapi import FastAPI, Query
from pydantic import BaseModel, Field

RECORD = {"x-deprecation": {"release": "0.3"}}


class Account(BaseModel):
    name: str
    nickname: str | None = Field(default=None, deprecated=True, json_schema_extra=RECORD)


app = FastAPI()


@app.get("/accounts")
async def accounts(
    sort: str | None = Query(None, deprecated=True, json_schema_extra=RECORD),
) -> Account: ...


@app.get(
    "/legacy",
    deprecated=True,
    openapi_extra={"x-deprecation": {"release": "0.3", "date": "2026-01-31"}},
)
async def legacy() -> Account: ...
"""

REMOVED = """
from fastapi import FastAPI
from pydantic import BaseModel


class Account(BaseModel):
    name: str


app = FastAPI()


@app.get("/accounts")
async def accounts() -> Account: ...
"""

ACKNOWLEDGED = [
    ("api-removed-operation", "paths./legacy.get"),
    ("api-removed-parameter", "paths./accounts.get.parameters.query.sort"),
    ("api-removed-field", "components.schemas.Account.properties.nickname"),
]


def contract_project(
    root: Path, version: str, acknowledged: list[tuple[str, str]], deprecated_in: str = "0.3"
) -> tuple[Path, Path]:
    (root / "pyproject.toml").write_text(PYPROJECT.format(version=version))
    entries = "".join(
        f'[[acknowledged]]\nrule = "{rule}"\nat = "{at}"\ndeprecated_in = "{deprecated_in}"\n'
        'why = "replaced in 0.3"\n\n'
        for rule, at in acknowledged
    )
    (root / "openapi-acknowledged.toml").write_text(entries)
    base, current = root / "base.json", root / "current.json"
    base.write_text(json.dumps(document_of(DEPRECATED)))
    current.write_text(json.dumps(document_of(REMOVED)))
    return base, current


def findings(gate: ModuleType, root: Path, base: Path, current: Path) -> list[tuple[str, str]]:
    report = gate.lint_api(root, base=base, current=current)
    return [(found.rule, found.at) for found in report.findings]


def test_removals_of_what_was_deprecated_wait_for_their_release(
    gate: ModuleType, tmp_path: Path
) -> None:
    removed = [
        ("api-removed-field", "paths./accounts.get.responses.200.nickname"),
        ("api-removed-operation", "paths./legacy.get"),
        ("api-removed-parameter", "paths./accounts.get.parameters.query.sort"),
    ]
    base, current = contract_project(tmp_path, "0.5.0", [])
    assert sorted(findings(gate, tmp_path, base, current)) == removed  # not acknowledged

    base, current = contract_project(tmp_path, "0.4.2", ACKNOWLEDGED)
    report = gate.lint_api(tmp_path, base=base, current=current)
    assert sorted((found.rule, found.at) for found in report.findings) == removed
    assert all("it may ship from 0.5" in found.message for found in report.findings)

    base, current = contract_project(tmp_path, "0.5.0", ACKNOWLEDGED)
    assert findings(gate, tmp_path, base, current) == []


def test_an_acknowledgement_must_agree_with_the_recorded_deprecation(
    gate: ModuleType, tmp_path: Path
) -> None:
    base, current = contract_project(tmp_path, "0.9.0", ACKNOWLEDGED, deprecated_in="0.1")
    assert {rule for rule, _ in findings(gate, tmp_path, base, current)} == {"api-acknowledgement"}


def test_what_was_never_deprecated_cannot_be_acknowledged_away(
    gate: ModuleType, tmp_path: Path
) -> None:
    base, current = contract_project(tmp_path, "0.9.0", ACKNOWLEDGED)
    never = json.loads(base.read_text())
    del never["paths"]["/legacy"]["get"]["deprecated"]
    del never["paths"]["/legacy"]["get"]["x-deprecation"]
    base.write_text(json.dumps(never))
    report = gate.lint_api(tmp_path, base=base, current=current)
    messages = {found.rule: found.message for found in report.findings}
    assert "never deprecated" in messages["api-acknowledgement"]


def test_a_deprecation_must_record_its_release_and_date(gate: ModuleType) -> None:
    document = document_of(DEPRECATED)
    assert gate.check_deprecations(document) == []
    operation = document["paths"]["/legacy"]["get"]
    operation["x-deprecation"] = {"release": "0.3", "date": "2026-01-31", "sunset": "2025-01-01"}
    del document["components"]["schemas"]["Account"]["properties"]["nickname"]["x-deprecation"]
    problems = dict(gate.check_deprecations(document))
    assert set(problems) == {
        "paths./legacy.get",
        "components.schemas.Account.properties.nickname",
    }
    assert "sunset" in problems["paths./legacy.get"]
    del operation["x-deprecation"]["date"]
    del operation["x-deprecation"]["sunset"]
    assert "date" in dict(gate.check_deprecations(document))["paths./legacy.get"]


def test_malformed_acknowledgements_are_one_finding_each(gate: ModuleType, tmp_path: Path) -> None:
    entry = '[[acknowledged]]\nrule = "{}"\nat = "x"\n{}\n'
    (tmp_path / "openapi-acknowledged.toml").write_text(
        entry.format("api-removed-field", "")  # missing keys
        + entry.format("api-not-committed", 'deprecated_in = "0.1"\nwhy = "w"')
        + entry.format("api-removed-field", 'deprecated_in = "soon"\nwhy = "w"')
    )
    entries, problems = gate.read_acknowledgements(tmp_path)
    assert entries == []
    assert [found.at for found in problems] == [f"acknowledged[{i}]" for i in range(3)]


# The command line, in a baked project.


def test_lint_api_reports_one_line_per_finding_in_three_formats(
    gate: ModuleType, default_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = importlib.import_module("release_checks.cli")
    base, current = contract_project(tmp_path, "0.1.0", [])
    arguments = ["lint-api", "--base", str(base), "--current", str(current)]

    assert cli.main(arguments) == 1
    lines = capsys.readouterr().out.splitlines()
    removed = f"{base}: paths./legacy.get: api-removed-operation: GET /legacy is removed"
    assert lines[4] == f"{removed} (the path is gone)", lines  # found lines sort by path
    assert [line.startswith("    hint: ") for line in lines[:6]] == [False, True] * 3
    assert "docs/migrations.md" in lines[-1]

    assert cli.main([*arguments, "--format", "github"]) == 1
    annotation = capsys.readouterr().out.splitlines()[0]
    assert annotation.startswith("::error file=")
    assert "title=api-removed-" in annotation

    assert cli.main([*arguments, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert {violation["path"] for violation in report["violations"]} >= {"paths./legacy.get"}

    assert cli.main(["lint-api", "--base", str(tmp_path / "missing.json")]) == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    assert "missing.json" in error

    assert cli.main(["lint-api", "--base", str(base), "--current", str(base)]) == 0

    # A document OpenAPI does not allow (a path that is a list) is one line too, exit 2.
    malformed = tmp_path / "malformed.json"
    malformed.write_text(json.dumps({**json.loads(base.read_text()), "paths": {"/legacy": []}}))
    for form, said in (("text", ""), ("json", '"error"')):
        assert cli.main(["lint-api", "--base", str(base), "--current", str(malformed),
                         "--format", form]) == 2  # fmt: skip
        captured = capsys.readouterr()
        assert said in captured.out
        assert captured.err.splitlines() == [
            f"python -m release_checks: error: cannot compare {base} with {malformed}: one of"
            " them is not a valid OpenAPI document (AttributeError: 'list' object has no"
            " attribute 'items')"
        ], captured.err

    # A $ref to another file cannot be followed: one line, exit 2, never a silent pass.
    external = tmp_path / "external.json"
    document = json.loads(base.read_text())
    schema = {"$ref": "shared.json#/Account"}
    for item in document["paths"].values():
        for operation in item.values():
            operation["responses"]["200"]["content"]["application/json"]["schema"] = schema
    external.write_text(json.dumps(document))
    assert cli.main(["lint-api", "--base", str(external), "--current", str(external)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"python -m release_checks: error: cannot compare {external} with {external}: $ref"
        " 'shared.json#/Account' points outside the document, which the check cannot read"
    ]


def test_the_committed_document_is_what_make_openapi_writes(
    gate: ModuleType, cookies: Any, default_project: Path
) -> None:
    """For the default bake in-process; without the examples in a process of its own (the
    two apps share a package name)."""
    committed = (default_project / "openapi.json").read_text()
    assert gate.normalise(gate.app_document(default_project)) == committed

    project = bake(cookies, include_examples="no")
    printed = run(
        sys.executable,
        "-c",
        "from release_checks.api.gate import app_document, normalise; "
        "print(normalise(app_document()), end='')",
        cwd=project,
    ).stdout
    assert printed == (project / "openapi.json").read_text()


def test_api_none_has_no_contract_and_no_gate(cookies: Any) -> None:
    project = bake(cookies, api="none")
    leftovers = [
        name
        for name in (
            "openapi.json",
            "openapi.examples.json",
            "openapi-acknowledged.toml",
            "release_checks/api",
            "release_checks/rules/api_removed_field.py",
            "tests/test_api_contract.py",
        )
        if (project / name).exists()
    ]
    assert leftovers == []
    for name in ("Makefile", ".github/workflows/ci.yml", ".pre-commit-config.yaml"):
        assert "lint-api" not in (project / name).read_text(), name


REMOVALS = [  # (text of health.py, what replaces it, the line that must name it)
    (
        'Readiness(ResponseModel):\n    status: Literal["ready"] = "ready"\n    detail: str\n',
        'Readiness(ResponseModel):\n    status: Literal["ready"] = "ready"\n',
        "openapi.json: paths./ready.get.responses.200.detail: api-removed-field: response "
        "field 'detail' is removed; it was never deprecated",
    ),
    (
        '@router.get("/health")\n',
        "",
        "openapi.json: paths./health.get: api-removed-operation: GET /health is removed "
        "(the path is gone); it was never deprecated",
    ),
]


def test_removals_without_the_recipe_fail_the_projects_tests_one_line_each(
    default_project: Path, tmp_path: Path
) -> None:
    """A response field and an endpoint removed from a baked project's app: its own test
    suite (what `make test` runs) fails with one line naming each."""
    project = tmp_path / DEFAULT_SLUG
    shutil.copytree(default_project, project)
    health = project / "src" / DEFAULT_SLUG / "api" / "health.py"
    source = health.read_text()
    for old, new, _ in REMOVALS:
        assert source.count(old) == 1, old
        source = source.replace(old, new)
    health.write_text(source)

    result = run(
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/test_api_contract.py::test_the_app_keeps_every_promise_of_openapi_json",
        cwd=project,
        check=False,
    )
    assert result.returncode == 1
    # pytest shows the assertion's message, the gate's report, behind its own `E` margin.
    found = set(re.findall(r"(openapi\.json: \S+: api-[a-z-]+: .*)$", result.stdout, re.M))
    assert found == {named for _, _, named in REMOVALS}, result.stdout

    # `make openapi` refuses to commit the smaller contract.
    committed = (project / "openapi.json").read_text()
    refused = run(sys.executable, "-m", "release_checks", "openapi", cwd=project, check=False)
    assert refused.returncode == 1
    assert (project / "openapi.json").read_text() == committed


def test_an_addition_passes_once_make_openapi_has_committed_it(
    default_project: Path, tmp_path: Path
) -> None:
    project = tmp_path / DEFAULT_SLUG
    shutil.copytree(default_project, project)
    with (project / "src" / DEFAULT_SLUG / "api" / "health.py").open("a") as health:
        health.write('\n\n@router.get("/version")\nasync def version() -> dict[str, str]:\n')
        health.write('    return {"version": "0.1.0"}\n')

    # One process (the app is imported once): lint, write, lint again.
    steps = (
        "from release_checks.api import lint_api, write_document\n"
        "from release_checks.report import as_text\n"
        "print(as_text(lint_api()))\n"
        "print(as_text(write_document()))\n"
        "print(as_text(lint_api()))\n"
    )
    lines = run(sys.executable, "-c", steps, cwd=project).stdout.splitlines()
    assert lines[0].startswith("openapi.json: paths./version.get: api-not-committed: ")
    assert lines[2] == "openapi.json lacks what the app added, which breaks no client: make openapi"
    assert lines[-2:] == ["the app keeps every promise of openapi.json"] * 2
    assert '"/version"' in (project / "openapi.json").read_text()


def test_a_route_filter_committed_before_the_gate_read_them_waits_for_make_openapi(
    default_project: Path, tmp_path: Path
) -> None:
    """A template update alone does not fail a project's gate: a route that leaves fields
    out of its answers, in an openapi.json FastAPI wrote (as the template did before it
    read filters), passes as committed until `make openapi` records what it sends."""
    project = tmp_path / DEFAULT_SLUG
    shutil.copytree(default_project, project)
    with (project / "src" / DEFAULT_SLUG / "api" / "health.py").open("a") as health:
        health.write(
            "\n\nclass Build(ResponseModel):\n    version: str\n    commit: str | None\n"
            '\n\n@router.get("/build", response_model_exclude_none=True)\n'
            'async def build() -> Build:\n    return Build(version="0.1.0", commit=None)\n'
        )
    steps = (
        "import json, sys\n"
        "sys.path.insert(0, 'src')\n"
        f"from {DEFAULT_SLUG}.api.app import create_app\n"
        "from release_checks.api import lint_api, write_document\n"
        "from release_checks.api.gate import normalise\n"
        "from release_checks.report import as_text\n"
        "open('openapi.json', 'w').write(normalise(create_app().openapi()))\n"
        "print(as_text(lint_api()))\n"
        "print(as_text(write_document()))\n"
        "print(as_text(lint_api()))\n"
        "print(json.dumps(json.load(open('openapi.json'))['paths']['/build']))\n"
    )
    lines = run(sys.executable, "-c", steps, cwd=project).stdout.splitlines()
    assert lines[0] == (
        "the app keeps every promise of openapi.json; 1 route(s) leave fields out of answers,"
        " which openapi.json does not say yet: make openapi records it"
    )
    assert lines[1:3] == ["the app keeps every promise of openapi.json"] * 2
    # the answer as the route sends it, recorded: `commit` left out when it is None
    answer = json.loads(lines[3])["get"]["responses"]["200"]["content"]["application/json"]
    assert answer["schema"]["required"] == ["version"]


@pytest.mark.parametrize(("version", "passes"), [("0.4.0", False), ("0.5.0", True)])
def test_the_docs_removal_recipe_is_what_the_gate_accepts(
    gate: ModuleType, default_project: Path, tmp_path: Path, version: str, passes: bool
) -> None:
    """The recipe's own deprecation code and acknowledgements, copied from the docs: the
    removal is refused in 0.4 with the message the docs quote, and accepted from 0.5."""
    docs = (default_project / "docs" / "migrations.md").read_text()
    blocks = re.findall(r"^```(python|toml)\n(.*?)^```", docs, re.MULTILINE | re.DOTALL)
    (deprecate,) = [code for kind, code in blocks if "deprecation(" in code]
    (acknowledged,) = [code for kind, code in blocks if "api-removed-operation" in code]
    # One more route reads AccountOut, so that its field stays within a client's reach.
    base = document_of(
        deprecate
        + '\n\n@router.get("/accounts/{account_id}")\n'
        + "async def read_account(account_id: int) -> AccountOut: ...\n\n\n"
        + "from fastapi import FastAPI\n\napp = FastAPI()\napp.include_router(router)\n"
    )
    current = copy.deepcopy(base)
    del current["paths"]["/accounts/{account_id}/legacy"]
    del current["components"]["schemas"]["AccountOut"]["properties"]["nickname"]
    base_file, current_file = tmp_path / "base.json", tmp_path / "current.json"
    base_file.write_text(json.dumps(base))
    current_file.write_text(json.dumps(current))
    (tmp_path / "pyproject.toml").write_text(PYPROJECT.format(version=version))
    (tmp_path / "openapi-acknowledged.toml").write_text(acknowledged)

    report = gate.lint_api(tmp_path, base=base_file, current=current_file)
    if passes:
        assert report.findings == []
    else:
        assert {found.rule for found in report.findings} == {
            "api-removed-operation",
            "api-removed-field",
        }
        quoted = re.search(r"\(`(api-removed-field: .*?)`\)", docs, re.DOTALL)
        assert quoted is not None
        said = importlib.import_module("release_checks.report").as_text(report)
        assert " ".join(quoted[1].split()) in " ".join(said.split())
