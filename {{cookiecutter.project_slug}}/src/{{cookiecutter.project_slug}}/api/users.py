"""/users: create, read, list (all, or one account's), update, and delete, which is soft:
the row stays, stamped `deleted_at`, and every later read and list no longer sees it."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, Field
from pydantic.json_schema import SkipJsonSchema
from sqlalchemy import bindparam, func, select, update

from {{ cookiecutter.project_slug }}.api.dependencies import Session
from {{ cookiecutter.project_slug }}.api.errors import BODY_ERRORS, responses
from {{ cookiecutter.project_slug }}.api.resources import (
    Id,
    Page,
    Pagination,
    Patch,
    Resource,
    by_id,
    get_or_404,
    paginate,
)
from {{ cookiecutter.project_slug }}.api.schemas import BIGINT_MAX
from {{ cookiecutter.project_slug }}.models.account import Account
from {{ cookiecutter.project_slug }}.models.user import User

# Every route: 422 for an invalid request, 503 when the database cannot serve (errors.py).
router = APIRouter(prefix="/users", tags=["users"], responses=responses(422, 503))

# No @, space or control character either side of the @. Spelled out, not `\s`: Python's,
# pydantic's (Rust) and the OpenAPI document's (ECMAScript) `\s` are not the same set.
Email = Annotated[
    str, Field(min_length=3, max_length=320, pattern=r"^[^@\x00-\x20\x7f]+@[^@\x00-\x20\x7f]+$")
]


class UserCreate(BaseModel):
    account_id: Annotated[int, Field(ge=1, le=BIGINT_MAX)]
    email: Email


class UserUpdate(Patch):
    email: Email | SkipJsonSchema[None] = None


class UserRead(Resource):
    id: int
    account_id: int
    email: str
    created_at: datetime
    updated_at: datetime


class UserPage(Page[UserRead]):
    """A page of users."""


# Built once, run with parameters (resources.paginate says why).
USERS = select(User).order_by(User.id)
ACCOUNTS_USERS = USERS.where(User.account_id == bindparam("account_id"))
ACCOUNT_FOR_SHARE = by_id(Account).with_for_update(read=True)


@router.post("", status_code=201, responses=responses(*BODY_ERRORS, 409))
async def create_user(body: UserCreate, session: Session) -> UserRead:
    # A soft-deleted account is still a row, which the foreign key would accept: the ORM,
    # which hides it, says it is gone. FOR SHARE: a delete of the account meanwhile waits
    # for this user and deletes it too, or this waits for the delete and sees it gone.
    if await session.scalar(ACCOUNT_FOR_SHARE, {"id": body.account_id}) is None:
        raise HTTPException(409, f"account {body.account_id} does not exist")
    user = User(account_id=body.account_id, email=body.email)
    session.add(user)
    await session.commit()  # an email taken: 409 (see errors.py)
    return UserRead.model_validate(user)


@router.get("")
async def list_users(
    session: Session,
    window: Pagination,
    account_id: Annotated[int | None, Query(ge=1, le=BIGINT_MAX)] = None,
) -> UserPage:
    if account_id is None:
        return await paginate(session, USERS, window, UserPage)
    return await paginate(session, ACCOUNTS_USERS, window, UserPage, {"account_id": account_id})


@router.get("/{user_id}", responses=responses(404))
async def get_user(user_id: Id, session: Session) -> UserRead:
    return UserRead.model_validate(await get_or_404(session, User, user_id))


@router.patch("/{user_id}", responses=responses(*BODY_ERRORS, 404, 409))
async def update_user(user_id: Id, body: UserUpdate, session: Session) -> UserRead:
    user = await get_or_404(session, User, user_id)
    body.apply_to(user)
    await session.commit()
    return UserRead.model_validate(user)


@router.delete("/{user_id}", status_code=204, responses=responses(404))
async def delete_user(user_id: Id, session: Session) -> None:
    # One statement stamps the row unless it is stamped already: of concurrent deletes,
    # one stamps it, and the others wait for it to commit, then find it deleted (404).
    deleted = await session.scalar(
        update(User)
        .where(User.id == user_id, User.deleted_at.is_(None))
        .values(deleted_at=func.now())
        .returning(User.id)
        .execution_options(synchronize_session=False)
    )
    if deleted is None:
        raise HTTPException(404, f"user {user_id} does not exist")
    await session.commit()
