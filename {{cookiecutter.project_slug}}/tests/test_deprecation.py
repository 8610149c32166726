"""A column declared no longer used is never named by the ORM, on a database where it was
dropped already (the next release's drop, while this release still serves); it stays in
the metadata, and drift leaves it alone whether the database has it or not. And the
rules count a drop from the declaration and the last release's record (judge_drop)."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import URL, ForeignKey, MetaData, event, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Unmapped,
    joinedload,
    mapped_column,
    relationship,
    selectinload,
    unmapped_column,
)

from {{ cookiecutter.project_slug }}.db import (
    NAMING_CONVENTION,
    Base,
    Deprecation,
    SoftDeleteMixin,
    TimestampMixin,
    create_session_factory,
    deprecated,
    deprecations,
)
from {{ cookiecutter.project_slug }}.db.deprecation import DeprecatedUse

from release_checks.acknowledgements import Acknowledgement, judge_drop
from release_checks.project import RuleSettings
from release_checks.release import Release, read_release, record_release
from release_checks.walk.drift import model_drift


class Scratch(Base):
    """These tests' own tables, kept off the service's metadata."""

    __abstract__ = True
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Team(TimestampMixin, Scratch):
    __tablename__ = "team"
    __mapper_args__ = {"eager_defaults": True, "confirm_deleted_rows": True}

    name: Mapped[str]
    motto: Unmapped[str | None] = unmapped_column(info=deprecated("0.3", used=False))
    members: Mapped[list["Member"]] = relationship(back_populates="team")


class Member(TimestampMixin, SoftDeleteMixin, Scratch):
    __tablename__ = "member"

    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"))
    email: Mapped[str]
    handle: Mapped[str | None] = mapped_column(info=deprecated("0.4"))  # still used
    nickname: Unmapped[str | None] = unmapped_column(info=deprecated("0.3", used=False))
    team: Mapped[Team] = relationship(back_populates="members")


class Archive(Scratch):
    __tablename__ = "archive"
    __table_args__ = {"info": deprecated("0.2", used=False)}

    note: Mapped[str | None]


GONE = ("nickname", "motto")


@pytest.fixture
async def dropped(empty_database: URL) -> AsyncIterator[tuple[AsyncEngine, list[str]]]:
    """The tables, with the unused columns and table dropped as the next release's
    revisions would; and every statement the engine sends."""
    engine = create_async_engine(empty_database)
    async with engine.begin() as connection:
        await connection.run_sync(Scratch.metadata.create_all)
        await connection.execute(text("ALTER TABLE member DROP COLUMN nickname"))
        await connection.execute(text("ALTER TABLE team DROP COLUMN motto"))
        await connection.execute(text("DROP TABLE archive"))
    sent: list[str] = []

    def record(*args: Any) -> None:
        sent.append(args[2])  # (connection, cursor, statement, ...)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    yield engine, sent
    await engine.dispose()


def test_the_declarations_are_read_from_the_metadata() -> None:
    assert deprecations(Scratch.metadata) == [
        Deprecation("archive", None, "0.2", used=False),
        Deprecation("member", "handle", "0.4", used=True),
        Deprecation("member", "nickname", "0.3", used=False),
        Deprecation("team", "motto", "0.3", used=False),
    ]
    assert {"nickname", "handle"} <= set(Member.__table__.c.keys())
    assert not hasattr(Member, "nickname")


async def test_no_statement_names_an_unused_column(
    dropped: tuple[AsyncEngine, list[str]],
) -> None:
    engine, sent = dropped
    sessions = create_session_factory(engine)
    async with sessions.begin() as session:
        first, second = Member(email="a@x.test"), Member(email="b@x.test")
        team = Team(name="core", members=[first, second])
        session.add(team)
        await session.flush()  # INSERT ... RETURNING (eager defaults)
        await session.refresh(team)
        team.name = "kernel"
        await session.flush()  # UPDATE ... RETURNING updated_at
        await session.delete(second)
        first.soft_delete()
    async with sessions.begin() as session:
        await session.execute(insert(Member).values(team_id=team.id, email="c@x.test"))
        await session.execute(update(Member).values(handle="c").where(Member.email == "c@x.test"))
        loaded = (await session.scalars(select(Team).options(selectinload(Team.members)))).one()
        assert [member.email for member in loaded.members] == ["c@x.test"]
        joined = await session.scalars(select(Member).options(joinedload(Member.team)))
        assert {member.team.name for member in joined} == {"kernel"}
        merged = await session.merge(Team(id=team.id, name="core"))
        await session.flush()
        assert merged.name == "core"
    assert len(sent) > 10
    assert [statement for statement in sent if any(name in statement for name in GONE)] == []


async def test_an_unused_table_is_never_queried_nor_written(
    dropped: tuple[AsyncEngine, list[str]],
) -> None:
    engine, sent = dropped
    sessions = create_session_factory(engine)
    async with sessions() as session:
        with pytest.raises(DeprecatedUse, match="table archive is declared no longer used"):
            await session.scalars(select(Archive))
        session.add(Archive(note="x"))
        with pytest.raises(DeprecatedUse, match="a flush writes Archive"):
            await session.flush()
    assert [statement for statement in sent if "archive" in statement] == []


@pytest.mark.parametrize("dropped_in_database", [True, False])
async def test_drift_leaves_what_is_unused_alone(
    empty_database: URL, dropped_in_database: bool
) -> None:
    engine = create_async_engine(empty_database)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(Scratch.metadata.create_all)
            if dropped_in_database:
                await connection.execute(text("ALTER TABLE member DROP COLUMN nickname"))
                await connection.execute(text("DROP TABLE archive"))
            assert await connection.run_sync(model_drift, Scratch.metadata) == ""
    finally:
        await engine.dispose()


def test_a_declaration_that_contradicts_the_mapping_is_refused() -> None:
    with pytest.raises(TypeError, match=r"Wrong\.gone is declared no longer used: declare"):

        class Wrong(Scratch):
            __tablename__ = "wrong"
            gone: Mapped[str | None] = mapped_column(info=deprecated("0.3", used=False))

    with pytest.raises(TypeError, match=r"Odd\.kept is unmapped but declared still used"):

        class Odd(Scratch):
            __tablename__ = "odd"
            kept: Unmapped[str | None] = unmapped_column(info=deprecated("0.3"))

    with pytest.raises(ValueError, match=r"is not a MAJOR\.MINOR"):
        deprecated("soon")


def test_a_relationship_to_an_unused_table_is_refused_when_the_mappers_are_configured() -> None:
    """It would load the table with its parent (a joined load names it in the parent's
    own SELECT). In a registry of its own, disposed after, so no other mapper sees it."""

    class Own(DeclarativeBase):
        metadata = MetaData()

    class Old(Own):
        __tablename__ = "old"
        __table_args__ = {"info": deprecated("0.1", used=False)}
        id: Mapped[int] = mapped_column(primary_key=True)

    class New(Own):
        __tablename__ = "new"
        id: Mapped[int] = mapped_column(primary_key=True)
        old_id: Mapped[int] = mapped_column(ForeignKey("old.id"))
        old: Mapped[Old] = relationship()

    try:
        with pytest.raises(DeprecatedUse, match=r"relationship New\.old loads Old"):
            Own.registry.configure()
    finally:
        Own.registry.dispose()


NICKNAME = ("drop-column", "users", "nickname")


def settings(version: str, *recorded: Deprecation, released: bool = True) -> RuleSettings:
    record = Release("0.4.0", "9c2e4d6f8a1b", recorded) if released else None
    return RuleSettings(version, "17", releases_before_drop=2, released=record)


def declaration(since: str = "0.3", used: bool = False) -> Deprecation:
    return Deprecation("users", "nickname", since, used)


@pytest.mark.parametrize(
    ("version", "declared", "recorded", "said"),
    [
        ("0.5.0", [declaration()], [declaration()], None),
        ("0.9.1", [declaration()], [declaration()], None),
        ("0.4.0", [declaration()], [declaration()], "it may ship from 0.5"),
        ("0.5.0", [], [declaration()], "never declared deprecated;"),
        ("0.5.0", [declaration(used=True)], [], "but still used by this code;"),
        ("0.5.0", [declaration()], [declaration(used=True)], "0.4.0, still uses it"),
        ("0.5.0", [declaration()], [], "0.4.0, did not declare it deprecated"),
        ("0.5.0", [declaration("0.1")], [declaration()], "but release 0.4.0 recorded 0.3"),
        ("0.5.0", [Deprecation("users", None, "0.3", False)], [declaration()], None),
    ],
)
def test_a_drop_is_due_by_the_declaration_and_the_last_release(
    version: str, declared: list[Deprecation], recorded: list[Deprecation], said: str | None
) -> None:
    why = judge_drop(*NICKNAME, settings(version, *recorded), declared)
    assert (why is None) if said is None else (said in (why or "")), why


def test_an_acknowledged_release_must_be_the_declared_one() -> None:
    entry = Acknowledgement(*NICKNAME, deprecated_in="0.2", why="unread")
    agreeing = Acknowledgement(*NICKNAME, deprecated_in="0.3", why="unread")
    recorded = settings("0.5.0", declaration())
    assert "acknowledged as deprecated in 0.2" in (
        judge_drop(*NICKNAME, recorded, [declaration()], entry) or ""
    )
    assert judge_drop(*NICKNAME, recorded, [declaration()], agreeing) is None
    assert "no release is recorded" in (
        judge_drop(*NICKNAME, settings("0.5.0", released=False), [declaration()]) or ""
    )
    unversioned = RuleSettings(None, "17", releases_before_drop=2)
    assert "has no [project] version" in (judge_drop(*NICKNAME, unversioned, []) or "")


def test_the_release_record_keeps_what_each_release_declared(tmp_path: Path) -> None:
    path = tmp_path / "released.toml"
    assert read_release(path) is None
    record_release(path, "0.3.0", "a1", [declaration(used=True)])
    record_release(path, "0.4.0", "b2", [declaration(), Deprecation("legacy", None, "0.4", True)])
    assert read_release(path) == Release(
        "0.4.0", "b2", (declaration(), Deprecation("legacy", None, "0.4", True))
    )
    with pytest.raises(ValueError, match=r"in 0\.2, but release 0\.4\.0 recorded 0\.3"):
        record_release(path, "0.5.0", "c3", [declaration("0.2")])
    with pytest.raises(ValueError, match=r"records release 0\.4\.0, after 0\.3\.1"):
        record_release(path, "0.3.1", "c3", [])
    with pytest.raises(ValueError, match=r"deprecated in 0\.6, after 0\.5\.0"):
        record_release(path, "0.5.0", "c3", [declaration("0.6")])
    path.write_text('version = "0.4.0"\n[[deprecated]]\ntable = "users"\n')
    with pytest.raises(ValueError, match=r"released.toml: missing 'since' \(`make release`"):
        read_release(path)
    path.write_text('version = "0.4.0"\n[[deprecated]]\ntable = "t"\nsince = "0.3"\nused = "no"\n')
    with pytest.raises(ValueError, match="used must be true or false"):
        read_release(path)
