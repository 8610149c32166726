"""The hand-written reference the generated service is measured against (`make bench-service`):
FastAPI and an asyncpg pool, no ORM and no template code, serving the benchmarked endpoints
of the example service with the same SQL, the same status codes and the same JSON.

Run as `uvicorn service_reference:app` with DATABASE_URL (a libpq URL) and POOL_SIZE set.
"""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Annotated

import asyncpg
from fastapi import FastAPI, HTTPException, Path, Query, Request
from pydantic import BaseModel, Field

BIGINT_MAX = 2**63 - 1
Id = Annotated[int, Path(ge=1, le=BIGINT_MAX)]


class AccountRead(BaseModel):
    id: int
    name: str
    created_at: datetime
    updated_at: datetime


class UserCreate(BaseModel):
    account_id: Annotated[int, Field(ge=1, le=BIGINT_MAX)]
    email: Annotated[
        str, Field(min_length=3, max_length=320, pattern=r"^[^@\x00-\x20\x7f]+@[^@\x00-\x20\x7f]+$")
    ]


class UserRead(BaseModel):
    id: int
    account_id: int
    email: str
    created_at: datetime
    updated_at: datetime


class UserPage(BaseModel):
    items: list[UserRead]
    limit: int
    offset: int
    next_offset: int | None


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    size = int(os.environ.get("POOL_SIZE", "10"))
    async with asyncpg.create_pool(
        os.environ["DATABASE_URL"], min_size=size, max_size=size
    ) as pool:
        app.state.pool = pool
        yield


app = FastAPI(lifespan=lifespan)


def pool(request: Request) -> asyncpg.Pool:
    return request.app.state.pool


@app.get("/accounts/{account_id}")
async def get_account(account_id: Id, request: Request) -> AccountRead:
    row = await pool(request).fetchrow(
        "SELECT id, name, created_at, updated_at FROM account WHERE id = $1 AND deleted_at IS NULL",
        account_id,
    )
    if row is None:
        raise HTTPException(404, f"account {account_id} does not exist")
    return AccountRead(**row)


@app.get("/users")
async def list_users(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    offset: Annotated[int, Query(ge=0, le=BIGINT_MAX)] = 0,
    account_id: Annotated[int | None, Query(ge=1, le=BIGINT_MAX)] = None,
) -> UserPage:
    rows = await pool(request).fetch(
        "SELECT id, account_id, email, created_at, updated_at FROM users"
        " WHERE deleted_at IS NULL AND ($1::bigint IS NULL OR account_id = $1)"
        " ORDER BY id LIMIT $2 OFFSET $3",
        account_id,
        limit + 1,
        offset,
    )
    more = len(rows) > limit
    return UserPage(
        items=[UserRead(**row) for row in rows[:limit]],
        limit=limit,
        offset=offset,
        next_offset=offset + limit if more else None,
    )


@app.post("/users", status_code=201)
async def create_user(body: UserCreate, request: Request) -> UserRead:
    async with pool(request).acquire() as connection, connection.transaction():
        account = await connection.fetchval(
            "SELECT id FROM account WHERE id = $1 AND deleted_at IS NULL FOR SHARE",
            body.account_id,
        )
        if account is None:
            raise HTTPException(409, f"account {body.account_id} does not exist")
        row = await connection.fetchrow(
            "INSERT INTO users (account_id, email) VALUES ($1, $2)"
            " RETURNING id, account_id, email, created_at, updated_at",
            body.account_id,
            body.email,
        )
    return UserRead(**row)
