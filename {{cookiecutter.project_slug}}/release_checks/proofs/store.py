"""Proofs remembered: a prefix of the history the walk has proven is kept, so that a later
run restores its schema and walks only what follows.

A proof is a template database on the test server, named after its key and holding the
schema at the end of the prefix (its version table at the prefix's last revision); a
later run copies it (`CREATE DATABASE ... TEMPLATE`, as pgtestdb does) instead of walking
the prefix again. The key of a prefix covers everything the walk's verdict on it depends
on (`KeyInputs`): the bytes of every revision file up to its end, in order; the project's
migration tooling, env.py and alembic.ini; the versions of Python, Alembic, SQLAlchemy,
asyncpg and the PostgreSQL server; and the rule settings acknowledgements are read
against. Any change to one of them changes the key of every prefix it touches, so those
prefixes are walked again: a proof makes the suite faster, never a failing history pass.
What the revisions read of the project besides their files (a helper module, a `.sql`
file, an environment variable) cannot be known before they run: the proof records it
(dependencies.py), and is trusted only while each is what it was.

The database's comment is its record: a first line with the key, a digest of its schema,
when it was made and the project's directory, then a line for each dependency. A proof is
used only when its key is the prefix's, its dependencies are unchanged and its copy has
the recorded schema at the prefix's last revision, and is dropped else. A proof is
the walk's own database, which ends at head, kept only once the whole walk has passed:
renamed into place (atomic; of parallel runs that proved the same prefix, the first
keeps it), closed to connections (a template must have no session while it is copied),
and each project keeps its newest `KEEP`.
"""

import asyncio
import hashlib
import json
import sys
import time
from contextlib import suppress
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path

from sqlalchemy import URL, text
from sqlalchemy.exc import DBAPIError

import {{ cookiecutter.project_slug }}.db.history as history_definition

from release_checks.databases import (
    MAX_NAME_BYTES,
    drop_database,
    on_server,
    owner,
)
from release_checks.history import History
from release_checks.project import ALEMBIC_INI, PROJECT_ROOT, RuleSettings
from release_checks.proofs.dependencies import TOOLING, changed
from release_checks.quoting import quote, quote_literal
from release_checks.walk.snapshot import Snapshot

KEEP = 4  # proofs kept per project (the newest)
KEY_IN_NAME = 24  # hex digits of the key in a proof's name (its comment holds all of it)


@dataclass(frozen=True)
class KeyInputs:
    """What a verdict depends on besides the revision files themselves."""

    tooling: str  # digest of release_checks/, the history definition, env.py, alembic.ini
    python: str
    alembic: str
    sqlalchemy: str
    asyncpg: str
    server: str  # the PostgreSQL server's version
    rules: str  # [project] version and [tool.release_checks], as the rules read them

    def digest(self) -> str:
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()


def tooling_digest() -> str:
    """The bytes of every file of the tooling the walk runs, and of what it reads."""
    definition = Path(history_definition.__file__)
    files = [*sorted(TOOLING.rglob("*.py")), definition, PROJECT_ROOT / "migrations" / "env.py"]
    digest = hashlib.sha256()
    for file in files:
        digest.update(str(file.relative_to(PROJECT_ROOT)).encode() + b"\0")
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    digest.update(ALEMBIC_INI.read_bytes())
    return digest.hexdigest()


def key_inputs(server_version: str, settings: RuleSettings) -> KeyInputs:
    return KeyInputs(
        tooling=tooling_digest(),
        python=".".join(map(str, sys.version_info[:3])),
        alembic=version("alembic"),
        sqlalchemy=version("sqlalchemy"),
        asyncpg=version("asyncpg"),
        server=server_version,
        rules=repr(settings),
    )


def prefix_keys(history: History, inputs: KeyInputs) -> list[str]:
    """keys[i]: the key of the prefix that ends with `history.revisions[i]`. Each key
    chains the one before it, so it covers every revision up to its own, in order."""
    keys = []
    key = inputs.digest()
    for revision in history.revisions:
        content = hashlib.sha256(Path(revision.path).read_bytes()).hexdigest()
        key = hashlib.sha256(f"{key} {content}".encode()).hexdigest()
        keys.append(key)
    return keys


def schema_digest(snapshot: Snapshot) -> str:
    """What a proof's schema must still be when it is used."""
    return hashlib.sha256(repr(sorted(snapshot.objects.items())).encode()).hexdigest()


def project_tag() -> str:
    """Names this project's proofs apart from other projects' on a shared server: another
    checkout of the same project is another project, and keeps its own; so is a checkout
    made again where a deleted one was (its directory is another inode), which must not
    take over what the deleted one left."""
    checkout = f"{PROJECT_ROOT} {PROJECT_ROOT.stat().st_ino}"
    return hashlib.sha256(checkout.encode()).hexdigest()[:8]


@dataclass(frozen=True)
class Proof:
    database: str
    proven: int  # how many revisions it covers (the prefix's length)
    key: str
    schema: str  # schema_digest of the database
    depends: tuple[str, ...]  # its dependencies (dependencies.py)

    def stale(self) -> str | None:
        """Why it is no longer a proof of its prefix (a dependency changed), if it is not."""
        return changed(self.depends)


def record(comment: str) -> tuple[list[str], tuple[str, ...]]:
    """A proof's comment: the fields of its first line, its dependencies."""
    first, *depends = comment.split("\n")
    return first.split(maxsplit=3), tuple(depends)


class ProofStore:
    """This project's proofs on the server of `server` (any URL on it)."""

    def __init__(self, server: URL, history: History, inputs: KeyInputs) -> None:
        self.server = server
        self.history = history
        self.keys = prefix_keys(history, inputs)
        tail = f"_proof_{project_tag()}_"
        room = MAX_NAME_BYTES - len(tail.encode()) - KEY_IN_NAME
        self.prefix = owner(server, room) + tail  # whose, as the tests' databases say

    def name(self, key: str) -> str:
        return f"{self.prefix}{key[:KEY_IN_NAME]}"

    async def comments(self) -> dict[str, str]:
        """This project's proofs: database -> its comment."""
        query = text(
            "SELECT datname, coalesce(shobj_description(oid, 'pg_database'), '') "
            "FROM pg_database WHERE starts_with(datname, :prefix)"
        )
        rows = await on_server(self.server, query, prefix=self.prefix)
        return {name: comment for name, comment in rows}

    async def longest(self) -> Proof | None:
        """The proof of the longest proven prefix of the history, if any."""
        comments = await self.comments()
        for proven in range(len(self.keys), 0, -1):
            key = self.keys[proven - 1]
            fields, depends = record(comments.get(self.name(key), ""))
            if len(fields) == 4 and fields[0] == key:
                return Proof(self.name(key), proven, key, fields[1], depends)
        return None

    async def forget(self) -> int:
        """Drop every proof of this project; how many."""
        names = list(await self.comments())
        for name in names:
            await self.drop(name)
        return len(names)

    async def held(self) -> list[Proof]:
        """The proofs this store holds of prefixes of the history, still current."""
        comments = await self.comments()
        held = []
        for proven, key in enumerate(self.keys, start=1):
            fields, depends = record(comments.get(self.name(key), ""))
            proof = Proof(self.name(key), proven, key, fields[1] if fields[1:] else "", depends)
            if len(fields) == 4 and fields[0] == key and proof.stale() is None:
                held.append(proof)
        return held

    async def keep(
        self, database: URL, proven: int, schema: Snapshot, depends: tuple[str, ...]
    ) -> bool:
        """Make `database` (no session on it; its schema `schema`, at the end of the prefix
        of length `proven`, which depends on `depends`) the proof of that prefix, unless a
        parallel run made it first; `prune` then drops the oldest. False when `database`
        is left as it was."""
        key = self.keys[proven - 1]
        first = f"{key} {schema_digest(schema)} {time.time():.0f} {PROJECT_ROOT}"
        comment = "\n".join([first, *depends])
        made = quote(database.database or "")
        name = self.name(key)
        if (existing := (await self.comments()).get(name)) is not None:
            fields, recorded = record(existing)
            if fields[:1] != [key] or changed(recorded) is not None:
                await self.drop(name)  # by that name, but not a proof of this prefix now
        await on_server(self.server, text(f"ALTER DATABASE {made} WITH ALLOW_CONNECTIONS false"))
        await on_server(
            self.server, text(f"COMMENT ON DATABASE {made} IS {quote_literal(comment)}")
        )
        try:
            await on_server(self.server, text(f"ALTER DATABASE {made} RENAME TO {quote(name)}"))
        except DBAPIError:  # it exists: a parallel run proved the same prefix, as well
            return False
        return True

    async def prune(self) -> None:
        """Drop all but this project's newest KEEP proofs, those whose record cannot be
        read (no proof of anything), and the proofs a deleted checkout left in this one's
        directory (dropping a database waits for a checkpoint: the caller need not wait for
        it at once)."""
        comments = await self.comments()
        unreadable = [name for name, comment in comments.items() if len(record(comment)[0]) != 4]
        readable = [name for name in comments if name not in unreadable]
        newest = sorted(readable, key=lambda name: _made_at(comments[name]), reverse=True)
        dropped = [*unreadable, *newest[KEEP:], *await self.left()]
        await asyncio.gather(*(self.drop(name) for name in dropped))

    async def left(self) -> list[str]:
        """Proofs recorded in this project's directory under another checkout's tag."""
        query = text(
            "SELECT datname FROM pg_database WHERE datname LIKE :pattern "
            "AND NOT starts_with(datname, :prefix) "
            "AND split_part(shobj_description(oid, 'pg_database'), E'\\n', 1) LIKE :directory"
        )
        owner = self.prefix.rpartition("_proof_")[0]
        pattern = f"{_like_literal(owner)}\\_proof\\_%"
        directory = f"% {_like_literal(str(PROJECT_ROOT))}"
        rows = await on_server(
            self.server, query, pattern=pattern, prefix=self.prefix, directory=directory
        )
        return [name for (name,) in rows]

    async def drop(self, name: str) -> None:
        await drop_database(self.server.set(database=name))


def _like_literal(text: str) -> str:
    """`text` as a LIKE pattern that matches only itself."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _made_at(comment: str) -> float:
    fields = comment.split()
    with suppress(IndexError, ValueError):  # not `except (A, B):` (see gate/online.py)
        return float(fields[2])
    return 0.0
