"""What a migration proof depends on besides its key (README: What the migration tests
remember): what the revisions read is recorded, every way it can be read, and a change to
any of it is seen, so that the proof is not trusted."""

import asyncio
import importlib
import os
import secrets
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from os import environ
from pathlib import Path

import pytest
from alembic.config import Config
from sqlalchemy import MetaData

from {{ cookiecutter.project_slug }}.settings import Settings

import release_checks.proofs.dependencies as module
from release_checks.history import History
from release_checks.project import read_settings
from release_checks.proofs import Proof, ProofStore, open_store, restore, walk_from
from release_checks.proofs.dependencies import changed, dependencies
from release_checks.reads import Reads, recording

# This tree's proof machinery, on revisions of its own: not an old release's to run on a
# newer schema (make test-compat).
pytestmark = pytest.mark.own_tree


def test_recording_sees_the_files_opened_and_the_variables_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    plain = type(os.environ)
    sql = tmp_path / "view.sql"
    sql.write_text("SELECT 1")
    (tmp_path / "proof_imported.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    request.addfinalizer(lambda: sys.modules.pop("proof_imported"))
    with recording() as reads:
        sql.read_text()
        importlib.import_module("proof_imported")
        with open(tmp_path / "opened.txt", "w"):
            pass
        os.environ.get("PROOF_GOT")
        os.getenv("PROOF_GETENV")
        os.getenvb(b"PROOF_GETENVB")
        assert "PROOF_IN" not in environ  # the object imported before recording began
        with pytest.raises(KeyError):
            os.environ["PROOF_ITEM"]
    (tmp_path / "after.txt").write_text("")
    os.environ.get("PROOF_AFTER")
    assert {str(sql), str(tmp_path / "opened.txt")} <= reads.files
    assert "proof_imported" in reads.modules
    assert str(tmp_path / "after.txt") not in reads.files
    # (More than these, when other threads of the process read meanwhile.)
    read = {"PROOF_GOT", "PROOF_GETENV", "PROOF_GETENVB", "PROOF_IN", "PROOF_ITEM"}
    assert reads.variables >= read
    assert "PROOF_AFTER" not in reads.variables
    assert type(os.environ) is plain  # as it was


async def test_recording_is_of_the_task_that_began_it() -> None:
    """Not of the tasks that run while the walk awaits the server (a database being
    dropped behind the tests, whose driver reads PG* variables to connect)."""

    async def meanwhile() -> None:
        os.environ.get("PROOF_MEANWHILE")

    with recording() as reads:
        await asyncio.create_task(meanwhile())
        os.environ.get("PROOF_OWN")
    assert "PROOF_OWN" in reads.variables
    assert "PROOF_MEANWHILE" not in reads.variables


def test_a_proof_depends_on_what_its_revisions_import_and_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    monkeypatch.setattr(module, "PROJECT_ROOT", tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "proof_base.py").write_text('DOWN = "DROP VIEW names"\n')
    (tmp_path / "proof_helper.py").write_text("from proof_base import DOWN as DOWN\n")
    (tmp_path / "proof_unused.py").write_text("")
    # Imported before anything was recorded (by the models, say): its import statement
    # in the revision names it, and its own names the module it imports.
    importlib.import_module("proof_helper")
    request.addfinalizer(lambda: [sys.modules.pop(name) for name in ("proof_helper", "proof_base")])
    revision = tmp_path / "revision.py"
    revision.write_text("import proof_helper\nimport proof_unused\n")  # never imported: not read
    sql = tmp_path / "view.sql"
    sql.write_text("CREATE VIEW names AS SELECT 1")
    monkeypatch.setenv("PROOF_FLAG", "s3cret")

    depends = dependencies(
        [str(revision)], Reads(files={str(sql), "/elsewhere"}, variables={"PROOF_FLAG"})
    )
    assert "s3cret" not in "\n".join(depends)
    assert [line.split()[::2] for line in depends] == [
        ["file", "proof_base.py"],
        ["file", "proof_helper.py"],
        ["file", "view.sql"],
        ["env", "PROOF_FLAG"],
    ]
    assert changed(depends) is None

    (tmp_path / "proof_base.py").write_text('DOWN = "SELECT 1"\n')
    assert changed(depends) == "proof_base.py changed"
    (tmp_path / "proof_base.py").write_text('DOWN = "DROP VIEW names"\n')
    sql.unlink()
    assert changed(depends) == "view.sql changed"
    sql.write_text("CREATE VIEW names AS SELECT 1")
    monkeypatch.delenv("PROOF_FLAG")
    assert changed(depends) == "the environment variable PROOF_FLAG changed"
    monkeypatch.setenv("PROOF_FLAG", "s3cret")
    assert changed(depends) is None
    # A proof restored and walked further keeps what it recorded.
    assert dependencies([str(revision)], Reads(), depends) == depends
    assert changed(("file 00 ",)) is not None
    assert changed(("garbage",)) is not None


# A revision that reads what a walk must see as well as the rest: from a thread it starts,
# through the environment's bytes, and a module by a name it computes, which is imported
# already. (The token makes its key, and so its proof, this run's own.)
READER = """# {token}
import importlib
import os
from concurrent.futures import ThreadPoolExecutor

from alembic import op

revision = "d0000000000d"
down_revision = None


def upgrade() -> None:
    with ThreadPoolExecutor(1) as pool:
        pool.submit(os.environ.get, "PROOF_THREADED").result()
    os.environb.get(b"PROOF_BYTES")
    op.execute(importlib.import_module("proof_" + "computed").SQL)


def downgrade() -> None:
    pass
"""


@dataclass
class Proven:
    store: ProofStore
    proof: Proof
    root: Path  # the project's directory


@pytest.fixture(scope="module")
async def proven(
    tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> AsyncIterator[Proven]:
    """The proof a real walk of READER kept, in a project of its own (a directory)."""
    root = tmp_path_factory.mktemp("reader")
    (root / "versions").mkdir()
    (root / "versions" / "d_reader.py").write_text(READER.format(token=secrets.token_hex(8)))
    (root / "proof_computed.py").write_text(COMPUTED)
    config = Config()
    config.set_main_option("script_location", str(root))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "PROJECT_ROOT", root)
        patch.syspath_prepend(str(root))
        for name in ("PROOF_THREADED", "PROOF_BYTES"):
            patch.delenv(name, raising=False)
        importlib.import_module("proof_computed")  # before the walk (by the models, say)
        history = History.load(config)
        store = await open_store(settings.sqlalchemy_url, history, read_settings())
        start = await restore(settings.sqlalchemy_url, store)
        verdicts = await walk_from(start, history, MetaData(), store)
        assert verdicts.passed, verdicts
        assert verdicts.kept
        (proof,) = await store.held()
        try:
            yield Proven(store, proof, root)
        finally:
            sys.modules.pop("proof_computed")
            await store.drop(proof.database)


COMPUTED = 'SQL = "SELECT 1"\n'


async def trusted(store: ProofStore) -> bool:
    """Whether the store trusts its proof (a walk would start from it)."""
    return bool(await store.held())


@pytest.mark.parametrize(
    ("variable", "how"), [("PROOF_THREADED", "from a thread"), ("PROOF_BYTES", "as bytes")]
)
async def test_a_walk_records_the_variables_a_revision_reads(
    proven: Proven, monkeypatch: pytest.MonkeyPatch, variable: str, how: str
) -> None:
    assert await trusted(proven.store)
    monkeypatch.setenv(variable, "1")
    assert proven.proof.stale() == f"the environment variable {variable} changed", how
    assert not await trusted(proven.store)


async def test_a_walk_records_a_module_imported_by_a_name_computed(
    proven: Proven,
) -> None:
    """Imported before the walk: the revision's import loads nothing, and reads it."""
    assert await trusted(proven.store)
    helper = proven.root / "proof_computed.py"
    helper.write_text('SQL = "CREATE TABLE left_behind ()"\n')
    try:
        assert proven.proof.stale() == "proof_computed.py changed"
        assert not await trusted(proven.store)
    finally:
        helper.write_text(COMPUTED)
    assert await trusted(proven.store)
