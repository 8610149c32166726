"""The baked project's migration tests catch what they promise to catch.

One bake per module; each case copies it, plants revisions (or a model) and runs the
baked suite's own `pytest -m migrations`, as a developer would. Broken histories must
fail with the culprit named and a readable account of what differs; sound ones must pass,
including a revision that needs `autocommit_block()`.
"""

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from support.project import DEFAULT_SLUG, bake, run
from support.project import EXAMPLES_HEAD as HEAD
from support.revisions import write_revision

MOOD = 'sa.Enum("happy", "sad", name="mood")'

# The no-trace check fails under its own name (test_migrations.py).
NO_TRACE_FAILED = (
    "FAILED tests/test_migrations.py::"
    "test_every_downgrade_back_to_where_the_walk_started_leaves_no_trace"
)
# name -> (revisions planted after HEAD as (id, upgrade, downgrade), what the output must say)
DEFECTS: dict[str, tuple[list[tuple[str, str, str]], list[str]]] = {
    "downgrade forgets an enum type": (
        [
            (
                "e0000000000e",
                f'    op.create_table("feeling", sa.Column("mood", {MOOD}, primary_key=True))',
                '    op.drop_table("feeling")',
            )
        ],
        ["downgrade of e0000000000e", "+ enum mood: 'happy', 'sad'", NO_TRACE_FAILED],
    ),
    "downgrade forgets an index": (
        [
            (
                "1d0000000001",
                '    op.create_index("ix_account_created_at", "account", ["created_at"])',
                "    pass",
            )
        ],
        ["downgrade of 1d0000000001", "+ index public.ix_account_created_at", NO_TRACE_FAILED],
    ),
    "downgrade raises": (
        [
            (
                "d0000000000d",
                '    op.add_column("account", sa.Column("note", sa.Text()))',
                '    raise RuntimeError("nobody wrote this downgrade")',
            )
        ],
        [
            "downgrade of d0000000000d",
            "RuntimeError: nobody wrote this downgrade",
            # one failure of the walk, reported once; the check it kept from running says
            # so (the deploy commands, which run the same downgrade, fail on their own).
            # The rules and drift were judged before the downgrades ran: drift fails too,
            # since no model declares the column
            "3 failed, 3 passed, 1 skipped",
            "not reached: an earlier check of the walk failed",
        ],
    ),
    "upgrade fails": (
        [("f0000000000f", '    op.execute("UPDATE no_such_table SET x = 1")', "    pass")],
        [
            "upgrade to f0000000000f",
            "no_such_table",
            "FAILED tests/test_migrations.py::test_deploy_commands_upgrade_to_head",
            # in one line, naming the revision, its file and line: no traceback
            "FAILED: revision f0000000000f (planted) failed at 2030_01_01_0000_f0000000000f_"
            'planted.py:18: relation "no_such_table" does not exist. It was rolled back',
            "`alembic upgrade head` failed (the line above says why)",
        ],
    ),
    "does not import": (
        [("c0000000000c", "    return )", "    pass")],
        [
            # one failure, naming the file and line; every check it keeps from running
            # skipped (not six tracebacks of the same SyntaxError)
            "a revision cannot be loaded: 2030_01_01_0000_c0000000000c_planted.py:18: "
            "SyntaxError: unmatched ')'",
            "1 failed, 6 skipped",
        ],
    ),
    "second head": (
        [
            ("a0000000000a", '    op.execute("SELECT 1")', '    op.execute("SELECT 1")'),
            ("b0000000000b", '    op.execute("SELECT 1")', '    op.execute("SELECT 1")'),
        ],
        ["the history forks", "a0000000000a", "b0000000000b"],
    ),
}

MODEL = """from sqlalchemy.orm import Mapped

from {slug}.db import Base


class {name}(Base):
    __tablename__ = "{table}"

    name: Mapped[str]
"""


# A model the sound revisions below create, enum type and concurrent index included.
FEELING_MODEL = """import enum

from sqlalchemy import Enum
from sqlalchemy.orm import Mapped, mapped_column

from {slug}.db import Base


class Mood(enum.Enum):
    happy = "happy"
    sad = "sad"


class Feeling(Base):
    __tablename__ = "feeling"

    mood: Mapped[Mood] = mapped_column(Enum(Mood, name="mood"))
    note: Mapped[str] = mapped_column(index=True)
"""


@pytest.fixture(scope="module")
def baked(cookies_session: Any) -> Path:
    return bake(cookies_session)


@pytest.fixture
def project(baked: Path, tmp_path: Path) -> Path:
    copy = tmp_path / DEFAULT_SLUG
    shutil.copytree(baked, copy, ignore=shutil.ignore_patterns("__pycache__", ".*_cache"))
    return copy


def plant(project: Path, revisions: list[tuple[str, str, str]], *, chain: bool = True) -> None:
    """Write `revisions` after the examples' head, one after the other (`chain`) or all
    on the head itself (a branch: a second head)."""
    parent = HEAD
    for revision, upgrade, downgrade in revisions:
        write_revision(project, revision, parent, upgrade, downgrade)
        parent = revision if chain else HEAD


def migration_tests(project: Path) -> tuple[int, str]:
    result = run(
        sys.executable, "-m", "pytest", "-m", "migrations", "-q", "-p", "no:cacheprovider",
        "tests/test_migrations.py",
        cwd=project, env={"PYTHONDONTWRITEBYTECODE": ""}, check=False,  # a copy: cache freely
    )  # fmt: skip
    return result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize("defect", DEFECTS)
def test_a_broken_revision_is_caught_and_named(project: Path, defect: str) -> None:
    revisions, expected = DEFECTS[defect]
    plant(project, revisions, chain=defect != "second head")
    code, output = migration_tests(project)
    assert code == 1, output
    for phrase in expected:
        assert phrase in output, f"{phrase!r} missing from:\n{output}"


def test_models_without_a_migration_or_outside_the_models_package_are_caught(
    project: Path,
) -> None:
    package = project / "src" / DEFAULT_SLUG
    widget = MODEL.format(slug=DEFAULT_SLUG, name="Widget", table="widget")
    (package / "models" / "widget.py").write_text(widget)
    gadget = MODEL.format(slug=DEFAULT_SLUG, name="Gadget", table="gadget")
    (package / "gadgets.py").write_text(gadget)  # a model nothing imports
    code, output = migration_tests(project)
    assert code == 1, output
    assert "FAILED tests/test_migrations.py::test_models_match_the_schema_at_head" in output
    assert "op.create_table('widget'" in output
    assert "FAILED tests/test_migrations.py::test_every_model_module_is_registered" in output
    assert f"gadget (in {DEFAULT_SLUG}.gadgets)" in output


def test_sound_revisions_pass_autocommit_block_and_enum_included(project: Path) -> None:
    (project / "src" / DEFAULT_SLUG / "models" / "feeling.py").write_text(
        FEELING_MODEL.format(slug=DEFAULT_SLUG)
    )
    plant(
        project,
        [
            (
                "e0000000000e",
                f"""    op.create_table(
        "feeling",
        sa.Column("mood", {MOOD}, nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feeling")),
    )""",
                '    op.drop_table("feeling")\n    op.execute("DROP TYPE mood")',
            ),
            (
                "c0000000000c",
                "    with op.get_context().autocommit_block():\n"
                '        op.create_index("ix_feeling_note", "feeling", ["note"],'
                " postgresql_concurrently=True)",
                "    with op.get_context().autocommit_block():\n"
                '        op.drop_index("ix_feeling_note", table_name="feeling",'
                " postgresql_concurrently=True)",
            ),
        ],
    )
    code, output = migration_tests(project)
    assert code == 0, output
    assert "7 passed" in output
