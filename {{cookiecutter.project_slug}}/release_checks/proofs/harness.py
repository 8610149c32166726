"""What the migration tests run on: the walk, on a database of its own that starts empty
or at the end of the history's longest proven prefix (store.py), and becomes the proof
of the whole history once the walk has passed."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from alembic.runtime.migration import MigrationContext
from sqlalchemy import URL, Connection, MetaData, text
from sqlalchemy.exc import DBAPIError

from release_checks.databases import (
    create_database,
    drop_database,
    on_connection,
    on_server,
    unique_name,
)
from release_checks.history import History, shape_problems
from release_checks.project import RuleSettings, alembic_config, read_settings
from release_checks.proofs.dependencies import changed, dependencies
from release_checks.proofs.store import Proof, ProofStore, key_inputs, schema_digest
from release_checks.reads import Reads, recording
from release_checks.walk.snapshot import Snapshot, take_snapshot
from release_checks.walk.stairway import Verdicts, Walk, walk

T = TypeVar("T")


async def walk_database(
    url: URL, history: History, metadata: MetaData, settings: RuleSettings | None = None
) -> Verdicts:
    """Walk the whole history (see `walk`) on one connection to the empty database `url`,
    with the project's rule settings unless given others; nothing is remembered."""
    settings = settings or read_settings()
    return await on_connection(
        _uncached(url),
        lambda connection: walk(connection, alembic_config(), history, metadata, settings),
    )


def _uncached(url: URL) -> URL:
    """The driver's statement cache off: a statement it prepared before a column changed
    type would fail after ("cached plan must not change result type"), which separate
    `alembic` commands, each on a new connection, never see."""
    return url.update_query_dict({"prepared_statement_cache_size": "0"})


async def open_store(server: URL, history: History, settings: RuleSettings) -> ProofStore:
    """This project's proofs on the server of `server`, keyed for `history`."""
    ((version,),) = await on_server(server, text("SHOW server_version"))
    return ProofStore(server, history, key_inputs(str(version), settings))


async def usable_proofs(server: URL, history: History) -> ProofStore | None:
    """The store of `open_store`, with the project's rule settings, if a walk may start
    from its proofs: not for a history that is not one line, whose prefixes are not what
    a proof's key names."""
    if shape_problems(history):
        return None
    return await open_store(server, history, read_settings())


@dataclass(frozen=True)
class Start:
    """A new database where a walk starts: at the end of `proof`'s prefix, or empty."""

    database: URL
    proof: Proof | None
    schema: Snapshot
    dropped: list[str] = field(default_factory=list)  # proofs not trusted, one line each


async def restore(server: URL, store: ProofStore | None) -> Start:
    """A copy of the longest proof in `store` that is still what it recorded (a proof
    that is not is dropped, and the next longest tried); an empty database without one."""
    dropped = []
    while store is not None and (proof := await store.longest()) is not None:
        if (why := proof.stale()) is not None:
            dropped.append(f"the proof of {proof.proven} revisions dropped: {why}")
            await store.drop(proof.database)
            continue
        try:
            database = await create_database(
                server, unique_name(server, "walk"), template=proof.database
            )
        except DBAPIError:
            if proof.database in await store.comments():
                raise
            continue  # a parallel run pruned it meanwhile: look again
        heads, schema = await on_connection(database, _state)
        revision = store.history.revisions[proof.proven - 1].revision
        if heads == (revision,) and schema_digest(schema) == proof.schema:
            return Start(database, proof, schema, dropped)
        dropped.append(f"the proof of {proof.proven} revisions dropped: its schema changed")
        await drop_database(database)
        await store.drop(proof.database)
    database = await create_database(server, unique_name(server, "walk"))
    return Start(database, None, (await on_connection(database, _state))[1], dropped)


async def walk_from(
    start: Start,
    history: History,
    metadata: MetaData,
    store: ProofStore | None,
    settings: RuleSettings | None = None,
) -> Verdicts:
    """Walk the history from `start` (see `Walk`). Once it has passed, its database, at
    head, becomes the proof of the whole history in `store` (`Verdicts.kept`); else the
    caller drops it."""
    whole = Walk(
        alembic_config(),
        history,
        metadata,
        settings or read_settings(),
        start=start.proof.proven if start.proof else 0,
    )
    _, reads = await on_connection(
        _uncached(start.database),
        _recording(lambda connection: whole.run(connection, start.schema)),
    )
    if store is not None and whole.walked and whole.verdicts.passed and whole.top is not None:
        depends = _dependencies(history, reads, start.proof)
        whole.verdicts.kept = await store.keep(
            start.database, len(history.revisions), whole.top, depends
        )
    return whole.verdicts


def _recording(run: Callable[[Connection], T]) -> Callable[[Connection], tuple[T, Reads]]:
    """`run`, and what the revisions read while it runs (once connected: not what the
    driver reads to connect)."""

    def recorded(connection: Connection) -> tuple[T, Reads]:
        with recording() as reads:
            result = run(connection)
        return result, reads

    return recorded


def _dependencies(history: History, reads: Reads, below: Proof | None) -> tuple[str, ...]:
    """What a proof of `history` depends on: what its revisions read while they were
    loaded and run, and what `below` (the proof of the prefix they were not run on)
    recorded."""
    return dependencies(
        (revision.path for revision in history.revisions),
        reads | history.reads,
        below.depends if below else (),
    )


def _state(connection: Connection) -> tuple[tuple[str, ...], Snapshot]:
    """The revisions a database is at and its schema (the default version table)."""
    heads = MigrationContext.configure(connection).get_current_heads()
    return heads, take_snapshot(connection)


async def rebuild(store: ProofStore, claim: Proof, metadata: MetaData) -> bool:
    """Make the proof `claim` records (a CI cache carried it) by upgrading a new database
    along its prefix: no check, one step each (they were made when it was proven), but
    kept only when that gives the schema it recorded."""
    database = await create_database(store.server, unique_name(store.server, "walk"))
    prefix = store.history.prefix(claim.proven)
    climb = Walk(alembic_config(), prefix, metadata, read_settings())
    try:
        schema, reads = await on_connection(_uncached(database), _recording(climb.climb))
    except BaseException:
        await drop_database(database)
        raise
    if schema_digest(schema) != claim.schema:
        await drop_database(database)
        return False
    # What the upgrades read now, as well as what the record says the walk read.
    await store.keep(database, claim.proven, schema, _dependencies(prefix, reads, claim))
    await store.prune()
    return True


async def proven_prefixes(store: ProofStore) -> list[str]:
    """The records of the proofs `store` holds, for a CI cache to carry to the next run:
    for each, a line "length key schema", then its dependencies, indented."""
    return [
        line
        for proof in await store.held()
        for line in [
            f"{proof.proven} {proof.key} {proof.schema}",
            *(f"  {d}" for d in proof.depends),
        ]
    ]


def _claims(recorded: list[str]) -> tuple[list[Proof], int]:
    """The proofs the lines of `proven_prefixes` record, and how many other lines (not
    blank) it has."""
    claims: list[Proof] = []
    unread = 0
    read = False  # the line before was read: a dependency line is its proof's
    for line in recorded:
        if line.startswith("  ") and read:
            claims[-1] = replace(claims[-1], depends=(*claims[-1].depends, line[2:]))
        elif read := (len(fields := line.split()) == 3 and fields[0].isdigit()):
            claims.append(Proof("", int(fields[0]), fields[1], fields[2], ()))
        elif line.strip():
            unread += 1
    return claims, unread


async def load_proofs(
    store: ProofStore, recorded: list[str], metadata: MetaData
) -> tuple[int, list[str]]:
    """Rebuild the proof of the longest prefix of the history that `recorded` (lines of
    `proven_prefixes`) says was proven, unless `store` has it or a longer one: the
    length of the longest prefix proven now, and a line for each record not trusted (a
    dependency changed since, or its prefix does not rebuild to the schema it recorded)."""
    claims, unread = _claims(recorded)
    claims = sorted(
        (
            claim
            for claim in claims
            if 0 < claim.proven <= len(store.keys) and store.keys[claim.proven - 1] == claim.key
        ),
        key=lambda claim: -claim.proven,
    )
    held = await store.longest()
    if held is not None and held.stale() is not None:
        held = None
    distrusted = [f"lines of the record that are not proofs, ignored: {unread}"] if unread else []
    for claim in claims:
        if held is not None and held.proven >= claim.proven:
            break
        if (why := changed(claim.depends)) is not None:
            distrusted.append(f"the record of {claim.proven} revisions proven not trusted: {why}")
        elif await rebuild(store, claim, metadata):
            return claim.proven, distrusted
        else:
            distrusted.append(
                f"the record of {claim.proven} revisions proven not trusted: "
                "they do not give the schema it recorded"
            )
    return (held.proven if held else 0), distrusted
