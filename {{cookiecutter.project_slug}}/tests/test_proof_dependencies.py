"""What a migration proof depends on besides its key (README: What the migration tests
remember): what the revisions read is recorded, every way it can be read, and a change to
any of it is seen, so that the proof is not trusted."""

import asyncio
import importlib
import os
import sys
from os import environ
from pathlib import Path

import pytest

import release_checks.proofs.dependencies as module
from release_checks.proofs.dependencies import changed, dependencies
from release_checks.reads import Reads, recording


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
        assert "PROOF_IN" not in environ  # the object imported before recording began
        with pytest.raises(KeyError):
            os.environ["PROOF_ITEM"]
    (tmp_path / "after.txt").write_text("")
    os.environ.get("PROOF_AFTER")
    assert {str(sql), str(tmp_path / "opened.txt")} <= reads.files
    assert "proof_imported" in reads.modules
    assert str(tmp_path / "after.txt") not in reads.files
    # (More than these, when other threads of the process read meanwhile.)
    assert reads.variables >= {"PROOF_GOT", "PROOF_GETENV", "PROOF_IN", "PROOF_ITEM"}
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
