"""Every rule's examples (release_checks/rules/, one module per rule): what a rule must
refuse, it refuses by its id; its passing examples, the safe way, pass. A rule this
project edits or adds is held to its own examples here.

The revision examples go on top of the examples' base schema, in a throwaway history:
those of the rules the gate sees are chained and linted at once (each judged on its own
file), those only the catalog sees are walked one by one, on a database emptied for each. The API
rules' examples go through `lint-api`.
"""

import asyncio
{% if cookiecutter.api == "fastapi" -%}
import json
{% endif -%}
import shutil
import textwrap
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic.config import Config
from sqlalchemy import Connection, MetaData, text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool

from {{ cookiecutter.project_slug }}.settings import Settings

{% if cookiecutter.api == "fastapi" -%}
from release_checks.api import lint_api
{% endif -%}
from release_checks.databases import create_database, drop_database, unique_name
from release_checks.gate import Report, lint
from release_checks.history import History
from release_checks.project import PROJECT_ROOT, RuleSettings, alembic_config, read_settings
from release_checks.rules import (
    BASE_DOWNGRADE,
    BASE_UPGRADE,
    RULES,
    DocumentExample,
    RevisionExample,
    Rule,
)
from release_checks.walk import Verdicts, Walk

pytestmark = pytest.mark.own_tree

VERSION = "0.9.0"  # the examples' release: an entry's deprecated_in "0.1" is old enough
GATE_SEES = {"operation", "sql", "files"}


@dataclass(frozen=True)
class Case:
    rule: Rule
    refused: bool
    number: int
    example: RevisionExample | DocumentExample

    @property
    def name(self) -> str:
        return f"{self.rule.id}-{'refused' if self.refused else 'passing'}-{self.number}"

    @property
    def on_catalog_only(self) -> bool:
        return not self.rule.seen & GATE_SEES


def cases(kind: type[RevisionExample | DocumentExample]) -> list[Case]:
    return [
        Case(rule, refused, number, example)
        for rule in RULES.values()
        for refused, examples in ((True, rule.refused), (False, rule.passing))
        for number, example in enumerate(examples)
        if isinstance(example, kind)
    ]


REVISIONS = cases(RevisionExample)
GATE_CASES = [case for case in REVISIONS if not case.on_catalog_only]
CATALOG_CASES = [case for case in REVISIONS if case.on_catalog_only]


def revision_example(case: Case) -> RevisionExample:
    assert isinstance(case.example, RevisionExample)
    return case.example


def _body(code: str) -> str:
    return textwrap.indent(textwrap.dedent(code).strip() or "pass", "    ")


def revision_file(revision: str, down: str | None, example: RevisionExample) -> str:
    return f'''"""{revision}

Revision ID: {revision}
Revises: {down or ""}
Create Date: 2000-01-01 00:00:00.000000+00:00
"""

from collections.abc import AsyncIterator, Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "{revision}"
down_revision: str | None = {down!r}
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

{textwrap.dedent(example.declarations).strip()}


def upgrade() -> None:
{_body(example.upgrade)}


def downgrade() -> None:
{_body(example.downgrade)}
'''


def history_of(directory: Path, examples: Sequence[RevisionExample]) -> list[Path]:
    """A project in `directory` (this one's env.py, the examples' release) whose history
    is the base schema, then `examples` in order; their files."""
    migrations = directory / "migrations"
    (migrations / "versions").mkdir(parents=True)
    for name in ("env.py", "script.py.mako"):
        shutil.copy(PROJECT_ROOT / "migrations" / name, migrations / name)
    settings = read_settings()
    (directory / "pyproject.toml").write_text(
        f'[project]\nversion = "{VERSION}"\n\n[tool.release_checks]\n'
        f'postgres_version = "{settings.postgres_version}"\n'
    )
    files = []
    down = None
    for number, example in enumerate((RevisionExample(BASE_UPGRADE, BASE_DOWNGRADE), *examples)):
        revision = f"e{number:011x}"
        file = migrations / "versions" / f"2000_01_01_0000_{revision}_example.py"
        file.write_text(revision_file(revision, down, example))
        files.append(file)
        down = revision
    return files[1:]


def config_of(directory: Path) -> Config:
    config = alembic_config()
    config.set_main_option("script_location", str(directory / "migrations"))
    return config


@pytest.fixture(scope="module")
def gate_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, dict[str, str]]:
    """The gate's report on every example of the rules it sees, chained; each case's file
    as the report shows it."""
    directory = tmp_path_factory.mktemp("rule_examples")
    files = history_of(directory, [revision_example(case) for case in GATE_CASES])
    report = lint(config_of(directory), root=directory)
    shown = [file.relative_to(directory).as_posix() for file in files]
    return report, {case.name: file for case, file in zip(GATE_CASES, shown, strict=True)}


@pytest.mark.parametrize("case", GATE_CASES, ids=lambda case: case.name)
def test_the_gate_judges_each_example(
    case: Case, gate_report: tuple[Report, dict[str, str]]
) -> None:
    report, files = gate_report
    found = [each for each in report.findings if each.file == files[case.name]]
    said = "\n".join(f"{each.rule}: {each.message}" for each in found)
    if case.refused:
        assert case.rule.id in {each.rule for each in found}, said or "no finding"
    else:
        assert not [each for each in found if not each.note or each.rule == case.rule.id], said


@pytest.fixture(scope="module")
async def examples_connection(
    settings: Settings, dropping: list[asyncio.Task[None]]
) -> AsyncIterator[AsyncConnection]:
    """One session on a throwaway database for the walks of the examples (emptied before
    each): the walk plans its snapshot query once."""
    server = settings.sqlalchemy_url
    url = await create_database(server, unique_name(server, "rules"))
    engine = create_async_engine(url, poolclass=NullPool)
    async with engine.connect() as connection:
        yield connection
    await engine.dispose()
    dropping.append(asyncio.create_task(drop_database(url)))


@pytest.mark.parametrize("case", CATALOG_CASES, ids=lambda case: case.name)
async def test_the_walk_judges_each_example_only_the_catalog_sees(
    case: Case, tmp_path: Path, examples_connection: AsyncConnection
) -> None:
    history_of(tmp_path, [revision_example(case)])
    config = config_of(tmp_path)
    history = History.load(config)
    project = read_settings()
    settings = RuleSettings(VERSION, project.postgres_version, project.releases_before_drop)

    def emptied_then_walked(connection: Connection) -> Verdicts:
        # the examples' schemas (a refused example's walk stops where it failed)
        schemas = "public, example_extra, example_more, example_shared"
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schemas} CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
        connection.commit()
        # Every example starts from the same base schema: it is climbed (upgraded with no
        # checks), and only the example is walked.
        base = Walk(config, history.prefix(1), MetaData(), settings).climb(connection)
        example = Walk(config, history, MetaData(), settings, start=1)
        example.run(connection, base)
        return example.verdicts

    verdicts = await examples_connection.run_sync(emptied_then_walked)
    if case.refused:
        assert f"{case.rule.id}: " in (verdicts.rules or ""), verdicts.rules or "no finding"
    else:
        assert verdicts.rules is None, verdicts.rules
        assert verdicts.stairway is None, verdicts.stairway  # and it undoes itself
{%- if cookiecutter.api == "fastapi" %}


@pytest.mark.parametrize("case", cases(DocumentExample), ids=lambda case: case.name)
def test_the_api_check_judges_each_example(case: Case, tmp_path: Path) -> None:
    assert isinstance(case.example, DocumentExample)
    files = []
    example = case.example
    for name, paths, top in (
        ("base", example.base, example.base_top),
        ("current", example.current, example.current_top),
    ):
        document = {"openapi": "3.1.0", "info": {"title": "example", "version": "0"}, **top}
        files.append(tmp_path / f"{name}.json")
        files[-1].write_text(json.dumps({**document, "paths": paths}))
    report = lint_api(PROJECT_ROOT, base=files[0], current=files[1])
    said = "\n".join(f"{each.at}: {each.rule}: {each.message}" for each in report.findings)
    if case.refused:
        assert case.rule.id in {each.rule for each in report.findings}, said or "no finding"
    else:
        assert not report.findings, said
{%- endif %}
