"""The migration gate of a baked project (`python -m release_checks lint`) judges each
revision of tests/gate_corpus/ as it must: a violation with its rule id however it is
written, what the gate cannot see as a note for the walk, correct work not at all.

One bake per module (per xdist worker). The corpus revisions that keep the history one
line are chained after the examples and linted by one real command (in each format);
those that break the history are linted together by another; the rest (settings,
versions, file names, the docs' recipes) get a run each. Every run is a real subprocess,
and each case takes its revisions out again.
"""

import json
import re
import shutil
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest

from support.project import DEFAULT_SLUG, alembic, bake, run
from support.project import EXAMPLES_HEAD as HEAD

CORPUS = Path(__file__).parent / "gate_corpus"
DATED = "2026_02_01_1200"  # alembic.ini's file_template: year_month_day_hourminute

# corpus revision -> the rule that must refuse it; None: it must pass
CHAINED = {
    "clean_add_column": None,
    "clean_create_table": None,
    "clean_concurrent_index": None,
    "guarded_data_read": None,
    "two_tables_with_reason": None,
    "foreign_key_in_its_schema": None,
    "drop_column": "drop-column",
    "drop_table": "drop-table",
    "rename_column": "rename-column",
    "rename_table": "rename-table",
    "type_change": "type-change",
    "set_not_null": "set-not-null",
    "not_null_without_default": "not-null-without-default",
    "added_then_required": "not-null-without-default",  # added nullable, then NOT NULL
    "restated_not_null": None,  # existing_nullable=False: NOT NULL already
    "empty_downgrade": "downgrade-empty",
    "unwritten_downgrade": "downgrade-empty",
    "no_downgrade": "downgrade-empty",  # and its upgrade is judged all the same
    # Undone in the wrong order (it fails on a database): the walk judges exactness.
    "wrong_downgrade": "squawk/require-concurrent-index-creation",
    "two_tables": "one-table",
    "data_read": "offline-sql",
    "bind_write": None,  # op.get_bind().execute(UPDATE) renders offline, as with --sql
    "bind_execute_drop": "drop-column",  # and its SQL is judged
    "orm_session_and_inspect": "offline-sql",
    "savepoint_offline": "offline-sql",
    "commit_offline": "offline-sql",
    "unused_acknowledgement": "acknowledgement",
    "malformed_acknowledgement": "acknowledgement",
    "squawk_finding": "squawk/require-concurrent-index-creation",
    # Correct work, however it is written, passes (the walk judges it on the database).
    "context_in_revision": None,
    "downgrade_in_any_order": None,
    "raw_sql_downgrade": None,
    "drop_index_without_table": None,
    "exclusion_constraint": None,
    "validate_constraint": None,
    "not_null_on_new_table": None,
    "not_null_domain_with_default": None,
    "deprecate_nullable": None,
    "acknowledged_widening": None,
    # A drop only the walk sees: its entry's form is checked, the walk matches it.
    "acknowledged_index_drop": None,
    "enum_add_value": None,
    "data_backfill": None,
    "dialect_check": None,  # op.get_bind().dialect answers offline, as with --sql
    "labelled_depending_on_an_earlier_revision": None,  # still one line
    # Online-only branches (and the helpers they call) are read from the text and judged
    # like recorded operations and raw SQL, with a note that the walk judges what runs.
    "online_only_drop": "drop-column",
    "online_after_offline_return": "drop-column",
    "online_rename_on_data": "rename-column",
    "online_helper_drop": "drop-column",
    "online_run_async_rename": "rename-column",  # a function handed to op.run_async
    "online_batch_drop": "drop-column",
    "online_driver_type_change": "type-change",
    "online_data_update": None,
    "online_concurrent_index": None,
    # A DO block is read as PL/pgSQL: every statement of every branch, and what EXECUTE
    # runs when it is built of literals; a statement built at run time stays a note.
    "do_block_if_rename": "rename-column",
    "do_block_dated_drop": "drop-column",
    "do_block_else_not_null": "set-not-null",
    "do_block_handler_type_change": "type-change",
    "do_block_loop_drop": "drop-column",
    "do_block_execute_literal": "rename-table",
    "do_block_execute_concat": "drop-column",
    "do_block_execute_format": "drop-column",
    "do_block_execute_declared": "rename-column",
    "do_block_execute_variable": "opaque-sql",
    "do_block_create_enum": None,
    "do_block_data": None,
    "do_block_create_table": None,
    "do_block_scratch_table": None,
    "do_block_acknowledged_widening": None,
    "squawk_ignored_drop": "drop-column",
    # Violations, however written: raw SQL, helpers, context.execute.
    "mentions_version_table": "squawk/require-concurrent-index-creation",
    "acknowledged_one_of_two_drops": "drop-column",
    "raw_two_tables": "one-table",
    # A partition counts as its partitioned table, made, attached or in a DO block.
    "new_partitions": None,
    "new_partition_and_another_table": "one-table",
    "raw_rename_column": "rename-column",
    "raw_type_change": "type-change",
    "raw_set_not_null": "set-not-null",
    "raw_identity_restart": "restart-sequence",
    "raw_drop_table": "drop-table",
    "exits_early": "offline-sql",
    "settings_branch": "unwalked-branch",
    "unnamed_constraint_drop": "offline-sql",  # one line that says so, no IndexError
    "batch_drop_column": "drop-column",
    "batch_type_change": "type-change",
    "connection_execute": "drop-column",
    "as_sql_branch": "drop-column",
    "function_call": "drop-column",
    "procedure_call": "type-change",
    "squawk_ignored_file": "squawk-ignore",
    # squawk's style preferences are advice (notes), unless the project refuses them.
    "style_preferences_are_advice": None,
    "reviewed_varchar_widening": None,
}
NOTES = {
    "as_sql_branch",
    "squawk_ignored_file",
    "guarded_data_read",
    "online_only_drop",
    "online_after_offline_return",
    "online_rename_on_data",
    "online_helper_drop",
    "online_run_async_rename",
    "online_batch_drop",
    "online_driver_type_change",
    "online_data_update",
    "online_concurrent_index",
    "do_block_execute_variable",
    "squawk_ignored_drop",
}
# squawk's style preferences, advice unless a project refuses them
SQUAWK_STYLE = {
    "prefer-text-field",
    "prefer-bigint-over-int",
    "prefer-bigint-over-smallint",
    "prefer-identity",
    "prefer-timestamp-tz",
}
# Histories Alembic cannot load, and files that are no revisions, all in one history (each
# breaks the line only at its own file) with a revision that has a squawk finding, which
# must still be reported: corpus revision -> the one rule it gets (None: it passes).
BROKEN = {
    "second_head": "one-line",
    "orphan": "one-line",
    "own_parent": "one-line",
    "cycle_a": "one-line",
    "cycle_b": "one-line",
    "depends_on_missing": "one-line",
    "depends_on_a_later_revision": "one-line",
    "duplicate_id": "one-line",
    "numeric_down_revision": "revision-imports",
    "not_a_revision": "revision-imports",
    "broken_parent": "revision-imports",
    # Not also said to have a missing parent, nor to be on a cycle.
    "child_of_broken": None,
}


@pytest.fixture(scope="module")
def gate_project(cookies_session: Any) -> Path:
    return bake(cookies_session)


def revision_id(corpus: str) -> str:
    """The corpus file's revision id ("none" for the one that is no revision)."""
    match = re.search(r'^revision: str = "(\w+)"', (CORPUS / f"{corpus}.py").read_text(), re.M)
    return match[1] if match else "none"


@contextmanager
def added(project: Path, corpus: str, name: str | None = None) -> Iterator[Path]:
    """The corpus revision in the project's versions/, under its dated name by default."""
    target = (
        project / "migrations" / "versions" / (name or f"{DATED}_{revision_id(corpus)}_{corpus}.py")
    )
    shutil.copy(CORPUS / f"{corpus}.py", target)
    try:
        yield target
    finally:
        target.unlink()


@contextmanager
def project_version(project: Path, version: str) -> Iterator[None]:
    pyproject = project / "pyproject.toml"
    original = pyproject.read_text()
    pyproject.write_text(original.replace('version = "0.1.0"', f'version = "{version}"', 1))
    try:
        yield
    finally:
        pyproject.write_text(original)


@contextmanager
def declared(project: Path, since: str, *, record: str | None = None) -> Iterator[None]:
    """The example model declares users.nickname, and the tables legacy and audit.trail
    (outside public), deprecated in `since` and no longer used; `record`: the released
    head migrations/released.toml records them under (None: no record)."""
    model = project / "src" / DEFAULT_SLUG / "models" / "user.py"
    original = model.read_text()
    line = (
        f'nickname: Unmapped[str | None] = unmapped_column(info=deprecated("{since}", used=False))'
    )
    legacy = (
        '\n\nclass Legacy(Base):\n    __tablename__ = "legacy"\n'
        f'    __table_args__ = {{"info": deprecated("{since}", used=False)}}\n'
        '\n\nclass Trail(Base):\n    __tablename__ = "trail"\n'
        f'    __table_args__ = {{"schema": "audit", "info": deprecated("{since}", used=False)}}\n'
    )
    model.write_text(
        "from sqlalchemy.orm import Unmapped, unmapped_column\n"
        f"from {DEFAULT_SLUG}.db import deprecated\n"
        + original.replace("    email: Mapped[str]", f"    {line}\n    email: Mapped[str]", 1)
        + legacy
    )
    released = project / "migrations" / "released.toml"
    if record is not None:
        released.write_text(
            f'version = "0.0.1"\nhead = "{record}"\n\n[[deprecated]]\ntable = "legacy"\n'
            f'since = "{since}"\nused = false\n\n[[deprecated]]\ntable = "users"\n'
            f'column = "nickname"\nsince = "{since}"\nused = false\n\n[[deprecated]]\n'
            f'table = "audit.trail"\nsince = "{since}"\nused = false\n'
        )
    try:
        yield
    finally:
        model.write_text(original)
        released.unlink(missing_ok=True)


@contextmanager
def released_at(project: Path, head: str) -> Iterator[None]:
    """migrations/released.toml records a release at `head`, with no deprecations."""
    released = project / "migrations" / "released.toml"
    released.write_text(f'version = "0.1.0"\nhead = "{head}"\n')
    try:
        yield
    finally:
        released.unlink()


def lint(project: Path, *arguments: str) -> tuple[int, str]:
    result = run(
        sys.executable, "-m", "release_checks", "lint", *arguments,
        cwd=project, env={"PYTHONDONTWRITEBYTECODE": "1"}, check=False,
    )  # fmt: skip
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout


def violations(project: Path) -> tuple[int, list[dict[str, Any]]]:
    code, output = lint(project, "--format", "json")
    return code, json.loads(output)["violations"]


def where(path: Path) -> str:
    return f"migrations/versions/{path.name}"


def test_the_examples_pass(gate_project: Path) -> None:
    code, output = lint(gate_project)
    assert (code, output.strip()) == (0, "3 revision(s) pass the migration gate")


@pytest.fixture(scope="module")
def chained(gate_project: Path) -> dict[str, Any]:
    """The CHAINED revisions one after another, linted once in each format, then taken
    out again before any other test sees the project."""
    versions = gate_project / "migrations" / "versions"
    files = {}
    parent = HEAD
    try:
        for minute, corpus in enumerate(CHAINED):
            text = (CORPUS / f"{corpus}.py").read_text()
            assert f'= "{HEAD}"' in text
            path = versions / f"2026_02_01_12{minute:02d}_{revision_id(corpus)}_{corpus}.py"
            path.write_text(text.replace(f'= "{HEAD}"', f'= "{parent}"'))
            files[corpus] = path
            parent = revision_id(corpus)
        reports = {
            form: lint(gate_project, "--format", form) for form in ("json", "text", "github")
        }
    finally:
        for path in files.values():
            path.unlink()
    return {"files": files, **reports}


@pytest.mark.parametrize(("corpus", "rule"), CHAINED.items(), ids=list(CHAINED))
def test_each_revision_is_judged_by_its_rule(
    chained: dict[str, Any], corpus: str, rule: str | None
) -> None:
    code, output = chained["json"]
    assert code == 1
    where = f"migrations/versions/{chained['files'][corpus].name}"
    report = json.loads(output)
    found = [each for each in report["violations"] + report["notes"] if each["file"] == where]
    notes = [each for each in report["notes"] if each["file"] == where]
    advice = {each["rule"] for each in notes if each.get("advice")}
    if corpus == "style_preferences_are_advice":
        assert advice == {f"squawk/{name}" for name in SQUAWK_STYLE}, advice
    notes = [each for each in notes if not each.get("advice")]  # the walk's
    if rule is None:  # nothing but notes and advice
        assert [each for each in found if not each.get("advice")] == notes
    else:
        assert rule in {violation["rule"] for violation in found}, found
        assert all(violation["line"] >= 1 and violation["hint"] for violation in found)
    assert bool(notes) == (corpus in NOTES), notes


def test_a_column_added_then_made_not_null_is_refused_as_added_not_null(
    chained: dict[str, Any],
) -> None:
    """Not set-not-null, whose way (a CHECK NOT VALID) does not help the inserts that
    leave the new column out; the operation and the SQL it renders say it once."""
    where = f"migrations/versions/{chained['files']['added_then_required'].name}"
    said = {
        (each["rule"], each["message"])
        for each in json.loads(chained["json"][1])["violations"]
        if each["file"] == where
    }
    assert said == {
        (
            "not-null-without-default",
            "adds column users.motto with no server default and makes it NOT NULL",
        )
    }


def test_a_savepoint_offline_says_so(chained: dict[str, Any]) -> None:
    """Not alembic's mock connection's AttributeError on begin_nested."""
    where = f"migrations/versions/{chained['files']['savepoint_offline'].name}"
    said = [
        each["message"]
        for each in json.loads(chained["json"][1])["violations"]
        if each["file"] == where and each["rule"] == "offline-sql"
    ]
    assert said == [
        "upgrade() fails offline: opens a savepoint through op.get_bind() (begin_nested), "
        "which has no database in offline mode"
    ]


def test_a_type_change_in_sql_names_the_new_type(chained: dict[str, Any]) -> None:
    """As the operation's message does: `ALTER COLUMN ... TYPE` says to what (letta's
    stop_reason, phoenix's JSON in a batch)."""
    where = f"migrations/versions/{chained['files']['raw_type_change'].name}"
    said = [
        each["message"]
        for each in json.loads(chained["json"][1])["violations"]
        if each["file"] == where and each["rule"] == "type-change"
    ]
    assert said == ["changes the type of users.email to varchar(320)"]


def test_a_commit_offline_says_so(chained: dict[str, Any]) -> None:
    """Not alembic's mock connection's AttributeError on commit."""
    where = f"migrations/versions/{chained['files']['commit_offline'].name}"
    said = [
        each["message"]
        for each in json.loads(chained["json"][1])["violations"]
        if each["file"] == where and each["rule"] == "offline-sql"
    ]
    assert said == [
        "upgrade() fails offline: commits through op.get_bind() (commit), which has no "
        "transaction in offline mode: op.get_context().autocommit_block() runs statements "
        "outside it, offline too"
    ]


def test_a_revision_without_downgrade_has_its_upgrade_judged(chained: dict[str, Any]) -> None:
    """Histories that never downgrade (keystone's) are judged whole, not stopped at the
    missing function."""
    where = f"migrations/versions/{chained['files']['no_downgrade'].name}"
    said = {
        each["rule"]: each["message"]
        for each in json.loads(chained["json"][1])["violations"]
        if each["file"] == where
    }
    assert said.keys() == {"drop-column", "downgrade-empty"}
    assert said["downgrade-empty"] == "has no downgrade() function: `alembic downgrade` fails on it"


def test_a_batch_operation_is_named_at_its_line_by_its_operation(
    chained: dict[str, Any],
) -> None:
    """Not by the SQL the batch renders when its block ends (the `with` line), which
    says less: the operation says what the type becomes."""
    where = f"migrations/versions/{chained['files']['batch_type_change'].name}"
    said = {
        (each["rule"], each["line"], each["message"])
        for each in json.loads(chained["json"][1])["violations"]
        if each["file"] == where and each["rule"] == "type-change"
    }
    assert said == {("type-change", 21, "changes the type of users.email to VARCHAR(320)")}


def test_a_read_offline_says_what_it_reads(chained: dict[str, Any]) -> None:
    """Through an ORM session or sqlalchemy.inspect too: not the mock connection's error."""
    where = f"migrations/versions/{chained['files']['orm_session_and_inspect'].name}"
    said = {
        each["message"]
        for each in json.loads(chained["json"][1])["violations"]
        if each["file"] == where
    }
    offline = "through op.get_bind(), which has no database in offline mode"
    assert said == {
        f"upgrade() fails offline: runs a query {offline}",
        f"downgrade() fails offline: inspects the database {offline}",
    }


@pytest.fixture(scope="module")
def broken(gate_project: Path) -> tuple[int, list[dict[str, Any]], dict[str, Path]]:
    with ExitStack() as stack:
        paths = {corpus: stack.enter_context(added(gate_project, corpus)) for corpus in BROKEN}
        squawked = stack.enter_context(added(gate_project, "squawk_finding"))
        # after the child of the broken revision, so that it is no second child of the head
        squawked.write_text(squawked.read_text().replace(f'= "{HEAD}"', '= "c1ea4add0041"'))
        code, found = violations(gate_project)
    return code, found, {**paths, "squawk_finding": squawked}


@pytest.mark.parametrize(("corpus", "rule"), BROKEN.items(), ids=list(BROKEN))
def test_a_history_alembic_cannot_load_is_refused_at_each_break(
    broken: tuple[int, list[dict[str, Any]], dict[str, Path]], corpus: str, rule: str | None
) -> None:
    code, found, paths = broken
    assert code == 1
    assert {each["rule"] for each in found if each["file"] == where(paths[corpus])} == (
        {rule} if rule else set()
    )


def test_the_other_revisions_are_still_linted_beside_a_broken_history(
    broken: tuple[int, list[dict[str, Any]], dict[str, Path]],
) -> None:
    _, found, paths = broken
    assert [each["rule"] for each in found if each["file"] == where(paths["squawk_finding"])] == [
        "squawk/require-concurrent-index-creation"
    ]


def test_the_one_line_hint_allows_what_the_line_allows(
    broken: tuple[int, list[dict[str, Any]], dict[str, Path]],
) -> None:
    """The docs allow branch labels and a depends_on an earlier revision (the corpus's
    labelled_depending_on_an_earlier_revision passes): the hint must not forbid them."""
    _, found, _ = broken
    hints = {each["hint"] for each in found if each["rule"] == "one-line"}
    assert len(hints) == 1, hints
    assert "depends_on only on an earlier revision (branch labels are fine)" in hints.pop()


HELPERS = """from alembic import context, op


def drop_column(table: str, column: str) -> None:
    if context.is_offline_mode():
        return  # galaxy's helpers skip what they cannot check offline
    op.drop_column(table, column)
"""


def test_a_helper_elsewhere_that_skips_offline_is_noted_not_taken_for_nothing(
    gate_project: Path,
) -> None:
    """What a helper outside the revision does online, the gate can neither record nor
    read: its upgrade gets a note for the walk, and its downgrade is not said to do
    nothing."""
    helpers = gate_project / "migration_helpers.py"
    helpers.write_text(HELPERS)
    try:
        with added(gate_project, "helper_skips_offline"):
            code, output = lint(gate_project, "--format", "json")
    finally:
        helpers.unlink()
    report = json.loads(output)
    assert code == 0, report
    assert [(each["rule"], each["line"], each["message"]) for each in report["notes"]] == [
        (
            "online-only",
            22,
            "calls code that asks whether it runs offline (migration_helpers.py:5): what it "
            "does online, the gate can neither record nor read",
        )
    ]
    assert report["violations"] == []


@pytest.mark.parametrize(
    ("setting", "folder"),
    [
        ("recursive_version_locations = true", "versions/older"),
        ("version_locations = %(here)s/migrations/versions %(here)s/migrations/more", "more"),
    ],
    ids=["recursive", "two-locations"],
)
def test_revisions_wherever_alembic_finds_them_are_judged(
    gate_project: Path, setting: str, folder: str
) -> None:
    """keystone keeps its revisions in folders: the gate must read every file alembic reads,
    or a drop there would pass it unseen."""
    ini = gate_project / "alembic.ini"
    original = ini.read_text()
    target = gate_project / "migrations" / folder / f"{DATED}_{revision_id('drop_column')}_x.py"
    target.parent.mkdir()
    shutil.copy(CORPUS / "drop_column.py", target)
    ini.write_text(original.replace("[alembic]\n", f"[alembic]\n{setting}\n", 1))
    try:
        code, found = violations(gate_project)
    finally:
        ini.write_text(original)
        shutil.rmtree(target.parent)
    assert code == 1
    assert [each["rule"] for each in found if each["file"].endswith(target.name)] == [
        "drop-column"
    ], found


def test_a_badly_named_file_is_refused(gate_project: Path) -> None:
    with added(gate_project, "clean_add_column", name="add_users_phone.py"):
        code, found = violations(gate_project)
    assert code == 1
    assert [violation["rule"] for violation in found] == ["file-name"]


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ('revision = "0123456789ab"\ndef upgrade(:\n', 2),
        ('import sys\n\nrevision = "0123456789ab"\nsys.exit(0)\n', 4),
    ],
    ids=["syntax-error", "exits-on-import"],
)
def test_a_revision_that_cannot_be_imported_is_refused(
    gate_project: Path, source: str, line: int
) -> None:
    broken = gate_project / "migrations" / "versions" / f"{DATED}_0123456789ab_broken.py"
    broken.write_text(source)
    try:
        code, found = violations(gate_project)
    finally:
        broken.unlink()
    assert code == 1
    assert [(violation["rule"], violation["line"]) for violation in found] == [
        ("revision-imports", line)
    ]


def test_env_py_refuses_to_migrate_a_history_that_is_not_one_line(gate_project: Path) -> None:
    with added(gate_project, "second_head"):
        output = alembic(gate_project, "upgrade", "head", "--sql", env={}, check=False)
    assert (
        "FAILED: the migration history is not one line: revision bad0d0c0000d revises "
        "7ad378002ee7, as fa572fa8023c does: the history forks"
    ) in output
    assert "Traceback" not in output


def test_env_py_says_in_one_line_which_revision_cannot_be_rendered_offline(
    gate_project: Path,
) -> None:
    """As online: the revision, its file and line, and why; no traceback."""
    with added(gate_project, "data_read") as path:
        output = alembic(gate_project, "upgrade", "head", "--sql", env={}, check=False)
    assert (
        f"FAILED: revision bad0d0c0000c (backfill users phone from a query) cannot be "
        f"rendered offline at {path.name}:21: "
    ) in output
    assert "Traceback" not in output


@pytest.mark.parametrize(
    ("version", "passes"),
    [("0.2.9", False), ("0.3.0", True), ("1.0.0", False), ("1.1.0", True)],
)
def test_an_acknowledged_drop_passes_only_when_old_enough(
    gate_project: Path, version: str, passes: bool
) -> None:
    # Deprecated in 0.1, releases_before_drop = 2: it may ship from 0.3 (or 1.1: across a
    # major bump, the count is a lower bound).
    with (
        project_version(gate_project, version),
        declared(gate_project, "0.1", record=HEAD),
        added(gate_project, "acknowledged_drop"),
    ):
        code, found = violations(gate_project)
    if passes:
        assert (code, found) == (0, [])
    else:
        assert code == 1
        assert [violation["rule"] for violation in found] == ["drop-column"]
        assert "it may ship from 0.3" in found[0]["message"]


def test_a_branch_that_only_runs_online_is_judged_from_its_text(chained: dict[str, Any]) -> None:
    report = json.loads(chained["json"][1])
    where = f"migrations/versions/{chained['files']['online_rename_on_data'].name}"
    found = {
        (each["rule"], each["line"], each["message"])
        for each in report["violations"]
        if each["file"] == where
    }
    online = "(in a branch that only runs online)"
    assert {
        ("rename-column", 22, f"renames column users.email to mail {online}"),
        ("rename-table", 23, f"renames table account to accounts {online}"),
    } <= found


def test_an_acknowledged_drop_in_an_online_branch_passes(gate_project: Path) -> None:
    # Read, so its acknowledgement is used (else it would be one that acknowledges nothing).
    with (
        project_version(gate_project, "0.3.0"),
        declared(gate_project, "0.1", record=HEAD),
        added(gate_project, "online_acknowledged_drop"),
    ):
        code, found = violations(gate_project)
    assert (code, found) == (0, [])


def test_text_report_names_file_line_rule_and_hint(chained: dict[str, Any]) -> None:
    code, output = chained["text"]
    assert code == 1
    where = f"migrations/versions/{chained['files']['drop_column'].name}"
    # unused_acknowledgement's entry is for this drop: each names the other's revision
    stale = chained["files"]["unused_acknowledgement"]
    assert (
        f"{where}:20: drop-column: drops column users.nickname: acknowledged in revision "
        f"ac4d0d0c0002 (acknowledge what never happens, {stale.name}), but an entry covers "
        "only the upgrade of the revision it is in: move it here"
    ) in output
    assert (
        "acknowledges drop-column of users.nickname, which upgrade() never does; revision "
        f"bad0d0c00001 (drop users nickname, {chained['files']['drop_column'].name}) does"
    ) in output
    assert "\n    hint: stop using the column first" in output
    assert (
        "downgrade() fails offline: drop_constraint(None, 'users', type_='foreignkey') names "
        "no constraint: write the name it has in the database"
    ) in output


def test_github_format_annotates_each_line(chained: dict[str, Any]) -> None:
    code, output = chained["github"]
    assert code == 1
    where = f"migrations/versions/{chained['files']['drop_column'].name}"
    assert (
        f"::error file={where},line=20,title=drop-column::drops column users.nickname: "
        "acknowledged in revision ac4d0d0c0002"
    ) in output
    report = json.loads(chained["json"][1])
    assert len(output.splitlines()) == len(report["violations"]) + len(report["notes"]) + 1


def test_a_project_may_refuse_a_squawk_style_preference(gate_project: Path) -> None:
    pyproject = gate_project / "pyproject.toml"
    original = pyproject.read_text()
    refused = 'squawk_refuse = ["prefer-timestamp-tz"]\n'
    opted_in = re.sub(r"^(?=releases_before_drop)", refused, original, count=1, flags=re.M)
    pyproject.write_text(opted_in)
    try:
        with added(gate_project, "style_preferences_are_advice") as path:
            code, found = violations(gate_project)
    finally:
        pyproject.write_text(original)
    assert code == 1
    assert [(each["rule"], each["file"]) for each in found] == [
        ("squawk/prefer-timestamp-tz", where(path))
    ]


@pytest.mark.parametrize(
    ("setting", "replacement", "said", "form"),
    [
        (r"postgres_version = .*\n", "", "set [tool.release_checks] postgres_version", "json"),
        (r"postgres_version = .*\n", 'postgres_version = "seventeen"\n', "squawk failed", "text"),
        (r"releases_before_drop = .*\n", 'releases_before_drop = "two"\n', "whole", "github"),
        (
            r"(releases_before_drop = .*\n)",
            r'\1squawk_refuse = ["ban-drop-table"]\n',
            "ban-drop-table is not one of squawk's style preferences",
            "text",
        ),
    ],
    ids=[
        "no-postgres-version",
        "bad-postgres-version",
        "bad-releases-before-drop",
        "not-a-style-preference",
    ],
)
def test_a_bad_setting_is_one_line_and_exit_2(
    gate_project: Path, setting: str, replacement: str, said: str, form: str
) -> None:
    pyproject = gate_project / "pyproject.toml"
    original = pyproject.read_text()
    pyproject.write_text(re.sub(setting, replacement, original, count=1))
    try:
        result = run(
            sys.executable, "-m", "release_checks", "lint", "--format", form,
            cwd=gate_project, check=False,
        )  # fmt: skip
    finally:
        pyproject.write_text(original)
    assert result.returncode == 2
    assert result.stderr.startswith("python -m release_checks: error: ")
    assert result.stderr.count("\n") == 1
    assert said in result.stderr
    if form == "json":  # JSON in every case
        assert said in json.loads(result.stdout)["error"]
    elif form == "github":
        assert result.stdout.startswith("::error title=migration gate::")
    else:
        assert result.stdout == ""


def test_autogenerate_refuses_a_drop(project: Path, database_env: dict[str, str]) -> None:
    alembic(project, "upgrade", "head", env=database_env)
    # What the models declare no longer used is unknown to autogenerate and drift: a
    # column and a table the database does not have are neither added nor a difference.
    with declared(project, "0.1"):
        check = alembic(project, "check", env=database_env, check=False)
    assert "No new upgrade operations detected" in check, check
    (project / "src" / DEFAULT_SLUG / "models" / "user.py").unlink()
    versions = sorted((project / "migrations" / "versions").iterdir())

    output = alembic(
        project, "revision", "--autogenerate", "-m", "drop users", env=database_env, check=False
    )

    assert "FAILED: autogenerate refuses a revision that drops table users: only add" in output
    assert "Traceback" not in output
    assert sorted((project / "migrations" / "versions").iterdir()) == versions


# Every ```python block of the docs that is a revision (it defines upgrade()) says, in an
# HTML comment just before it (invisible to readers), what the gate answers at the baked
# version: `<!-- gate: passes -->` or `<!-- gate: refuses RULE-ID -->`. Its `revision`
# and `down_revision` may be "...": the test gives them ids and chains the recipes.
RECIPE = re.compile(r"((?:<!--[^\n]*-->\n)*)```python\n(.*?)```", re.DOTALL)
VERDICT = re.compile(r"<!-- gate: (passes|refuses ([\w/-]+)) -->")


def doc_recipes(project: Path) -> list[tuple[str, str, str | None]]:
    """(where, source, the rule the gate must report or None) for each recipe."""
    recipes = []
    for doc in ("migrations.md", "migrations.ru.md"):
        text = (project / "docs" / doc).read_text()
        for found in RECIPE.finditer(text):
            comments, source = found.groups()
            if "def upgrade(" not in source:
                continue
            line = text.count("\n", 0, found.start(2))
            verdict = VERDICT.search(comments)
            assert verdict, f"docs/{doc}:{line}: a revision recipe with no <!-- gate: ... -->"
            recipes.append((f"{doc}:{line}", source, verdict[2]))
    return recipes


def test_every_recipe_of_the_docs_gets_the_verdict_the_docs_promise(gate_project: Path) -> None:
    recipes = doc_recipes(gate_project)
    assert len(recipes) >= 4  # both languages
    versions = gate_project / "migrations" / "versions"
    files = {}
    parent = HEAD
    try:
        for index, (where, source, _rule) in enumerate(recipes):
            revision = f"d0c5{index:08d}"
            path = versions / f"2026_03_01_12{index:02d}_{revision}_recipe.py"
            path.write_text(
                source.replace('revision = "..."', f'revision = "{revision}"', 1).replace(
                    'down_revision = "..."', f'down_revision = "{parent}"', 1
                )
            )
            files[where] = path
            parent = revision
        code, found = violations(gate_project)
    finally:
        for path in files.values():
            path.unlink()
    verdicts = {
        where: {
            each["rule"] for each in found if each["file"] == f"migrations/versions/{path.name}"
        }
        for where, path in files.items()
    }
    assert verdicts == {where: {rule} - {None} for where, _, rule in recipes}
    assert code == (1 if any(rule for _, _, rule in recipes) else 0)


def test_the_released_revisions_are_not_judged_but_what_follows_is(gate_project: Path) -> None:
    """A revision a rule refuses passes once a release record puts it at or below the
    baseline (a project adopting the rules, or taking stricter ones), and is refused
    while it is above."""
    with added(gate_project, "drop_column") as path:
        with released_at(gate_project, revision_id("drop_column")):
            below = violations(gate_project)
        with released_at(gate_project, HEAD):
            above = violations(gate_project)
    assert below == (0, [])
    assert above[0] == 1
    assert [(each["rule"], each["file"]) for each in above[1]] == [("drop-column", where(path))]


def test_an_unknown_released_head_is_one_line(gate_project: Path) -> None:
    with released_at(gate_project, "0123456789ab"):
        result = run(
            sys.executable, "-m", "release_checks", "lint", cwd=gate_project, check=False
        )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == (
        "python -m release_checks: error: migrations/released.toml: the released head "
        "0123456789ab is not a revision of migrations/versions/ (a released revision is "
        "never deleted; `make release` records the head again)\n"
    )


# Drops the model declares deprecated and no longer used, however written: corpus revision
# -> the rule that refuses it once the last release recorded it so (None: it passes).
DECLARED = {
    "acknowledged_drop": None,  # its deprecated_in is the declared release
    "declared_drop_raw_sql": None,
    "declared_drop_batch": None,
    "declared_drop_do_block": None,
    "declared_table_drop": None,
    "declared_drop_outside_public": None,  # named schema.table, as the model's table
    "declared_drop_outside_public_raw_sql": None,
    "declared_table_drop_with_its_indexes": None,
    "declared_table_drop_with_a_foreign_key_to_it": None,
    "declared_drop_wrong_release": "drop-column",
}


@contextmanager
def chained_after_head(project: Path, corpus: list[str]) -> Iterator[dict[str, str]]:
    """The corpus revisions one after the other after the examples: {corpus: its file}."""
    versions = project / "migrations" / "versions"
    files, parent = {}, HEAD
    for minute, name in enumerate(corpus):
        path = versions / f"2026_02_01_12{minute:02d}_{revision_id(name)}_{name}.py"
        path.write_text((CORPUS / f"{name}.py").read_text().replace(f'= "{HEAD}"', f'= "{parent}"'))
        files[name] = where(path)
        parent = revision_id(name)
    try:
        yield files
    finally:
        for file in files.values():
            (project / file).unlink()


@pytest.mark.parametrize(
    ("before", "refused"), [([], False), (["email_made_nullable"], True)], ids=["kept", "dropped"]
)
def test_a_column_the_history_left_not_null_is_not_made_so_again(
    gate_project: Path, before: list[str], refused: bool
) -> None:
    """users.email was created NOT NULL; `nullable=False` on it says nothing new, unless a
    revision since made it nullable (in raw SQL too)."""
    with chained_after_head(gate_project, [*before, "not_null_in_history"]) as files:
        found = violations(gate_project)[1]
    said = [each["rule"] for each in found if each["file"] == files["not_null_in_history"]]
    assert said == (["set-not-null"] if refused else [])


def test_a_column_the_history_left_without_a_default_loses_none(gate_project: Path) -> None:
    """users.deleted_at was created without a default: `server_default=None` drops nothing
    the release still serving relies on (on users.created_at it is refused, the chain's
    drop-default case)."""
    with chained_after_head(gate_project, ["no_default_to_drop"]) as files:
        found = violations(gate_project)[1]
    assert [each for each in found if each["file"] == files["no_default_to_drop"]] == []


def test_a_declared_drop_passes_however_written_once_the_last_release_recorded_it(
    gate_project: Path,
) -> None:
    with (
        project_version(gate_project, "0.3.0"),
        chained_after_head(gate_project, list(DECLARED)) as files,
    ):
        with declared(gate_project, "0.1", record=HEAD):
            recorded = violations(gate_project)[1]
        with declared(gate_project, "0.1"):
            unrecorded = violations(gate_project)[1]
    verdicts = {
        corpus: {each["rule"] for each in recorded if each["file"] == file}
        for corpus, file in files.items()
    }
    assert verdicts == {corpus: {rule} - {None} for corpus, rule in DECLARED.items()}
    (wrong,) = [each for each in recorded if each["file"] == files["declared_drop_wrong_release"]]
    assert "acknowledged as deprecated in 0.2, but the model declares" in wrong["message"]
    # Without the record, no drop may ship: the release still serving may map it.
    assert {each["file"] for each in unrecorded} == set(files.values())
    assert all(
        "no release is recorded" in each["message"]
        for each in unrecorded
        if each["file"] != files["declared_drop_wrong_release"]
    )


# A rule a team adds: one module, with its recogniser and examples (issue "One rule, one
# module", How to test it).
NEW_RULE = '''"""`drop-index-if-exists`: op.drop_index without if_exists."""

from collections.abc import Iterator

from alembic.operations import ops

from ._rule import Change, RevisionExample, Rule


def recognise(operation: ops.MigrateOperation, created: set[str]) -> Iterator[Change]:
    if isinstance(operation, ops.DropIndexOp) and not operation.if_exists:
        message = f"drops index {operation.index_name} without if_exists"
        yield Change("drop-index-if-exists", operation.table_name or "", None, message)


AUTOCOMMIT = "with op.get_context().autocommit_block():"
RULE = Rule(
    id="drop-index-if-exists",
    summary="op.drop_index without if_exists",
    hint="drop_index(..., if_exists=True), so that a rerun after a failure goes on",
    seen=frozenset({"operation"}),
    operation=recognise,
    refused=(
        RevisionExample(
            upgrade='op.drop_index("ix_example_name", table_name="example")',
            downgrade='op.create_index("ix_example_name", "example", ["name"])',
        ),
    ),
    passing=(
        RevisionExample(
            upgrade=f"""{AUTOCOMMIT}
    op.drop_index(
        "ix_example_name",
        table_name="example",
        postgresql_concurrently=True,
        if_exists=True,
    )""",
            downgrade='op.create_index("ix_example_name", "example", ["name"])',
        ),
    ),
)
'''
NEW_RULE_DOCS = "\n### `drop-index-if-exists`\n\n`op.drop_index` without `if_exists=True`.\n"


def test_a_new_rule_is_one_module_the_gate_enforces_and_the_suite_tests(
    gate_project: Path,
) -> None:
    """The new module is found by the registry, enforced by the gate, held to its examples
    by the baked suite, whose docs test names it until the docs describe it."""
    module = gate_project / "release_checks" / "rules" / "drop_index_if_exists.py"
    docs = [gate_project / "docs" / name for name in ("migrations.md", "migrations.ru.md")]
    originals = [path.read_text() for path in docs]
    module.write_text(NEW_RULE)
    suite = (
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "tests/test_rule_examples.py", "tests/test_migration_rules.py",
        "-k", "drop-index-if-exists or docs",
    )  # fmt: skip
    try:
        listing = "from release_checks.rules import RULES; print(*RULES)"
        found = run(sys.executable, "-c", listing, cwd=gate_project).stdout.split()
        modules = {path.stem for path in module.parent.glob("[a-z]*.py")}
        assert sorted(rule.replace("-", "_") for rule in found) == sorted(modules)

        path = gate_project / "migrations" / "versions" / f"{DATED}_bad0d0c00001_drop_index.py"
        text = (CORPUS / "drop_column.py").read_text()
        path.write_text(
            text.replace('op.drop_column("users", "nickname")', 'op.drop_index("ix_users_email")')
        )
        try:
            code, found_violations = violations(gate_project)
        finally:
            path.unlink()
        assert code == 1
        assert {(each["rule"], each["file"]) for each in found_violations} >= {
            ("drop-index-if-exists", where(path))
        }

        result = run(*suite, cwd=gate_project, check=False)
        assert "2 failed, 2 passed" in result.stdout, result.stdout  # the docs, in each language
        assert "drop-index-if-exists" in result.stdout
        for path, original in zip(docs, originals, strict=True):
            path.write_text(original + NEW_RULE_DOCS)
        result = run(*suite, cwd=gate_project, check=False)
        assert "4 passed" in result.stdout, result.stdout
    finally:
        module.unlink()
        for path, original in zip(docs, originals, strict=True):
            path.write_text(original)


# A project's rule got wrong: seen in raw SQL with no recogniser there; a recogniser that
# raises on a statement it did not expect.
UNJUDGED_RULE = """from ._rule import Rule

RULE = Rule(id="unjudged", summary="s", hint="h", seen=frozenset({"sql"}))
"""
RAISING_RULE = """from collections.abc import Iterator

from pglast import ast

from ._rule import Change, Rule


def recognise(node: ast.Node, created: set[str]) -> Iterator[Change]:
    if isinstance(node, ast.AlterTableStmt):
        raise KeyError("not in the catalogue")
    yield from ()


RULE = Rule(id="raising", summary="s", hint="h", seen=frozenset({"sql"}), sql=recognise)
"""


def test_a_rule_the_gate_cannot_judge_is_one_line_not_a_traceback(gate_project: Path) -> None:
    """A rule seen in SQL with no recogniser stops every command before it runs; one whose
    recogniser raises is a finding under that rule where it raised, and the gate goes on."""
    rules = gate_project / "release_checks" / "rules"
    unjudged, raising = rules / "unjudged.py", rules / "raising.py"
    try:
        unjudged.write_text(UNJUDGED_RULE)
        result = run(sys.executable, "-m", "release_checks", "lint", cwd=gate_project, check=False)
        assert result.returncode == 2
        assert result.stderr == (
            "python -m release_checks: error: release_checks.rules.unjudged: RULE is seen in "
            "'sql' but has no `sql` recogniser (or `structural=True`, if the gate judges it "
            "from the revision as a whole)\n"
        )
        unjudged.unlink()

        raising.write_text(RAISING_RULE)
        code, found = violations(gate_project)
        assert code == 1
        assert {each["rule"] for each in found} == {"raising"}
        assert all(
            each["message"] == "the rule's `sql` recogniser (rules/raising.py) raised "
            "KeyError: 'not in the catalogue'; the gate could not judge this rule on "
            "AlterTableStmt"
            for each in found
        )
    finally:
        unjudged.unlink(missing_ok=True)
        raising.unlink(missing_ok=True)
