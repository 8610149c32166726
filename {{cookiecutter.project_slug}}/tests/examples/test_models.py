"""The mixins, seen through the example models on a migrated database."""

import asyncio

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import selectinload

from {{ cookiecutter.project_slug }}.db import INCLUDE_DELETED, create_session_factory
from {{ cookiecutter.project_slug }}.models.account import Account
from {{ cookiecutter.project_slug }}.models.user import User


async def add_account(session: AsyncSession, name: str = "acme") -> Account:
    account = Account(name=name)
    account.users = [User(email="ann@acme.test"), User(email="bob@acme.test")]
    session.add(account)
    await session.flush()
    return account


async def test_timestamps_are_set_by_the_server(session: AsyncSession) -> None:
    account = await add_account(session)
    assert account.created_at is not None
    assert account.created_at.utcoffset() is not None  # timestamptz, never naive
    assert account.updated_at == account.created_at


async def test_rows_inserted_apart_get_different_times(committing_engine: AsyncEngine) -> None:
    sessions = create_session_factory(committing_engine)
    async with sessions.begin() as session:
        first = Account(name="first")
        session.add(first)
    await asyncio.sleep(0.01)
    async with sessions.begin() as session:
        second = Account(name="second")
        session.add(second)
    assert second.created_at > first.created_at


async def test_updated_at_changes_on_update(committing_engine: AsyncEngine) -> None:
    sessions = create_session_factory(committing_engine)
    async with sessions.begin() as session:
        account = Account(name="before")
        session.add(account)
    created = account.created_at
    async with sessions.begin() as session:
        stored = await session.get_one(Account, account.id)
        stored.name = "after"
    assert stored.updated_at > created
    assert stored.created_at == created


async def test_soft_deleted_rows_are_hidden(session: AsyncSession) -> None:
    account = await add_account(session)
    ann = account.users[0]
    ann.soft_delete()
    await session.flush()
    session.expunge_all()

    assert ann.is_deleted
    assert (await session.scalars(select(User.email))).all() == ["bob@acme.test"]
    users = (await session.scalars(select(User))).all()
    assert [user.email for user in users] == ["bob@acme.test"]
    assert await session.get(User, ann.id) is None


async def test_soft_deleted_rows_can_be_included_on_request(session: AsyncSession) -> None:
    account = await add_account(session)
    account.users[0].soft_delete()
    await session.flush()
    session.expunge_all()

    include_deleted = select(User).execution_options(**{INCLUDE_DELETED: True})
    users = (await session.scalars(include_deleted)).all()
    assert sorted(user.email for user in users) == ["ann@acme.test", "bob@acme.test"]


async def test_relationship_loads_hide_soft_deleted_rows(session: AsyncSession) -> None:
    account = await add_account(session)
    account.users[0].soft_delete()
    await session.flush()
    session.expunge_all()

    loaded = await session.scalar(select(Account).options(selectinload(Account.users)))
    assert loaded is not None
    assert [user.email for user in loaded.users] == ["bob@acme.test"]


async def test_restore_brings_a_row_back(session: AsyncSession) -> None:
    account = await add_account(session)
    ann = account.users[0]
    ann.soft_delete()
    await session.flush()
    ann.restore()
    await session.flush()
    session.expunge_all()

    assert not ann.is_deleted
    assert len((await session.scalars(select(User))).all()) == 2
