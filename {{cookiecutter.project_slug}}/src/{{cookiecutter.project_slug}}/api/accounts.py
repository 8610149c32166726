"""/accounts: create, read, list, update. Accounts are not deleted: the table has no
`deleted_at` (see users.py for a soft delete)."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import select

from {{ cookiecutter.project_slug }}.api.dependencies import Session
from {{ cookiecutter.project_slug }}.api.errors import responses
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

router = APIRouter(prefix="/accounts", tags=["accounts"], responses=responses(422))

Name = Annotated[str, Field(min_length=1, max_length=200)]


class AccountCreate(BaseModel):
    name: Name


class AccountUpdate(Patch):
    name: Name | None = None


class AccountRead(Resource):
    id: int
    name: str
    created_at: datetime
    updated_at: datetime


class AccountPage(Page[AccountRead]):
    """A page of accounts."""


@router.post("", status_code=201, responses=responses(409))
async def create_account(body: AccountCreate, session: Session) -> AccountRead:
    account = Account(name=body.name)
    session.add(account)
    await session.commit()  # a name already taken: 409 (see errors.py)
    return AccountRead.model_validate(account)


@router.get("")
async def list_accounts(session: Session, window: Pagination) -> AccountPage:
    return await paginate(session, select(Account).order_by(Account.id), window, AccountPage)


@router.get("/{account_id}", responses=responses(404))
async def get_account(account_id: Id, session: Session) -> AccountRead:
    return AccountRead.model_validate(await get_or_404(session, Account, account_id))


@router.patch("/{account_id}", responses=responses(404, 409))
async def update_account(account_id: Id, body: AccountUpdate, session: Session) -> AccountRead:
    account = await get_or_404(session, Account, account_id)
    body.apply_to(account)
    await session.commit()
    return AccountRead.model_validate(account)
