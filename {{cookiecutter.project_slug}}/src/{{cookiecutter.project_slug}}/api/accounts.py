"""/accounts: create, read, list, update, and delete, which is soft: the row stays, stamped
`deleted_at`, and every later read and list no longer sees it; its users go with it."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field
from pydantic.json_schema import SkipJsonSchema
from sqlalchemy import func, select, update

from {{ cookiecutter.project_slug }}.api.dependencies import Session
from {{ cookiecutter.project_slug }}.api.errors import BODY_ERRORS, responses
from {{ cookiecutter.project_slug }}.api.resources import (
    Id,
    Page,
    Pagination,
    Patch,
    Resource,
    get_or_404,
    paginate,
)
from {{ cookiecutter.project_slug }}.models.account import Account
from {{ cookiecutter.project_slug }}.models.user import User

# Every route: 422 for an invalid request, 503 when the database cannot serve (errors.py).
router = APIRouter(prefix="/accounts", tags=["accounts"], responses=responses(422, 503))

# PostgreSQL's text holds any character but NUL: the document says so too.
Name = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00]+$")]


class AccountCreate(BaseModel):
    name: Name


class AccountUpdate(Patch):
    name: Name | SkipJsonSchema[None] = None


class AccountRead(Resource):
    id: int
    name: str
    created_at: datetime
    updated_at: datetime


class AccountPage(Page[AccountRead]):
    """A page of accounts."""


ACCOUNTS = select(Account).order_by(Account.id)  # built once (resources.paginate says why)


@router.post("", status_code=201, responses=responses(*BODY_ERRORS, 409))
async def create_account(body: AccountCreate, session: Session) -> AccountRead:
    account = Account(name=body.name)
    session.add(account)
    await session.commit()  # a name already taken: 409 (see errors.py)
    return AccountRead.model_validate(account)


@router.get("")
async def list_accounts(session: Session, window: Pagination) -> AccountPage:
    return await paginate(session, ACCOUNTS, window, AccountPage)


@router.get("/{account_id}", responses=responses(404))
async def get_account(account_id: Id, session: Session) -> AccountRead:
    return AccountRead.model_validate(await get_or_404(session, Account, account_id))


@router.patch("/{account_id}", responses=responses(*BODY_ERRORS, 404, 409))
async def update_account(account_id: Id, body: AccountUpdate, session: Session) -> AccountRead:
    account = await get_or_404(session, Account, account_id)
    body.apply_to(account)
    await session.commit()
    return AccountRead.model_validate(account)


@router.delete("/{account_id}", status_code=204, responses=responses(404))
async def delete_account(account_id: Id, session: Session) -> None:
    """Deletes the account and its users. The delete is soft: the rows stay, stamped
    `deleted_at`, and no later read or list shows them. A user can no longer be created
    for the account (409, as for an account that does not exist); its name stays taken."""
    # One statement stamps the row unless it is stamped already: of concurrent deletes,
    # one stamps it, and the others wait for it to commit, then find it deleted (404).
    deleted_at = await session.scalar(
        update(Account)
        .where(Account.id == account_id, Account.deleted_at.is_(None))
        .values(deleted_at=func.now())
        .returning(Account.deleted_at)
        .execution_options(synchronize_session=False)
    )
    if deleted_at is None:
        raise HTTPException(404, f"account {account_id} does not exist")
    # Its users in the same transaction, stamped with the same instant (a restore can
    # tell them from users deleted before): no user a client can read belongs to an
    # account it cannot.
    await session.execute(
        update(User)
        .where(User.account_id == account_id, User.deleted_at.is_(None))
        .values(deleted_at=deleted_at)
        .execution_options(synchronize_session=False)
    )
    await session.commit()
