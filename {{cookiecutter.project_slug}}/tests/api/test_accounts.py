"""/accounts through the ASGI app, on the test's rolled-back transaction."""

import asyncio
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from {{ cookiecutter.project_slug }}.db import INCLUDE_DELETED
from {{ cookiecutter.project_slug }}.models.account import Account
from {{ cookiecutter.project_slug }}.models.user import User

from tests.api.served import client_of


async def create(client: AsyncClient, name: str) -> dict[str, Any]:
    response = await client.post("/accounts", json={"name": name})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_create_then_read(client: AsyncClient) -> None:
    created = await create(client, "acme")
    assert created["name"] == "acme"
    assert created["created_at"] == created["updated_at"]

    response = await client.get(f"/accounts/{created['id']}")
    assert response.status_code == 200
    assert response.json() == created


async def test_list_in_pages_that_neither_overlap_nor_skip(client: AsyncClient) -> None:
    names = [f"account-{n}" for n in range(5)]
    for name in names:
        await create(client, name)

    seen, offset = [], 0
    while offset is not None:
        response = await client.get("/accounts", params={"limit": 2, "offset": offset})
        assert response.status_code == 200
        page = response.json()
        assert len(page["items"]) <= 2
        seen += [item["name"] for item in page["items"]]
        offset = page["next_offset"]
    assert seen == names


async def test_a_page_is_bounded(client: AsyncClient) -> None:
    response = await client.get("/accounts", params={"limit": 101})
    assert response.status_code == 422
    assert (
        response.json().items()
        >= {
            "detail": "query.limit: Input should be less than or equal to 100",
            "code": "invalid",
        }.items()
    )


async def test_update_changes_only_what_is_sent(client: AsyncClient) -> None:
    created = await create(client, "before")
    response = await client.patch(f"/accounts/{created['id']}", json={"name": "after"})
    assert response.status_code == 200
    assert response.json()["name"] == "after"
    assert response.json()["created_at"] == created["created_at"]

    unchanged = await client.patch(f"/accounts/{created['id']}", json={})
    assert unchanged.status_code == 200, unchanged.text
    assert unchanged.json()["name"] == "after"


async def test_a_taken_name_is_a_conflict(client: AsyncClient) -> None:
    await create(client, "acme")
    other = await create(client, "other")
    for response in (
        await client.post("/accounts", json={"name": "acme"}),
        await client.patch(f"/accounts/{other['id']}", json={"name": "acme"}),
    ):
        assert response.status_code == 409
        assert (
            response.json().items()
            >= {
                "detail": "Key (name)=(acme) already exists.",
                "code": "conflict",
            }.items()
        )
    # The failed writes left the session usable, and nothing behind.
    listed = (await client.get("/accounts")).json()["items"]
    assert [account["name"] for account in listed] == ["acme", "other"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/accounts/999999"),
        ("PATCH", "/accounts/999999"),
        ("DELETE", "/accounts/999999"),
    ],
)
async def test_a_missing_account_is_a_404(client: AsyncClient, method: str, path: str) -> None:
    response = await client.request(method, path, json={"name": "x"})
    assert response.status_code == 404
    assert (
        response.json().items()
        >= {"detail": "account 999999 does not exist", "code": "not_found"}.items()
    )


async def test_delete_is_soft_and_takes_the_accounts_users(
    client: AsyncClient, session: AsyncSession
) -> None:
    acme, other = await create(client, "acme"), await create(client, "other")
    for account, email in ((acme, "ann@acme.test"), (other, "bob@other.test")):
        body = {"account_id": account["id"], "email": email}
        assert (await client.post("/users", json=body)).status_code == 201

    response = await client.delete(f"/accounts/{acme['id']}")
    assert response.status_code == 204
    assert response.content == b""

    # Gone for every later request, its users with it...
    gone = {"detail": f"account {acme['id']} does not exist", "code": "not_found"}
    for method in ("GET", "PATCH", "DELETE"):
        response = await client.request(method, f"/accounts/{acme['id']}", json={})
        assert (response.status_code, response.json()) == (404, gone)
    accounts = (await client.get("/accounts")).json()["items"]
    assert [account["name"] for account in accounts] == ["other"]
    users = (await client.get("/users")).json()["items"]
    assert [user["email"] for user in users] == ["bob@other.test"]
    late = await client.post("/users", json={"account_id": acme["id"], "email": "cid@acme.test"})
    assert (late.status_code, late.json()) == (409, {**gone, "code": "conflict"})
    # ... and its name stays taken, since the row stays, stamped, and so do its users'.
    again = await client.post("/accounts", json={"name": "acme"})
    assert (
        again.json().items()
        >= {"detail": "Key (name)=(acme) already exists.", "code": "conflict"}.items()
    )
    with_deleted = {INCLUDE_DELETED: True}
    row = await session.scalar(
        select(Account).where(Account.id == acme["id"]).execution_options(**with_deleted)
    )
    assert row is not None
    assert row.deleted_at is not None
    its_users = select(User).where(User.account_id == acme["id"]).execution_options(**with_deleted)
    assert [user.deleted_at for user in await session.scalars(its_users)] == [row.deleted_at]


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({}, "body.name: Field required"),
        ({"name": ""}, "body.name: String should have at least 1 character"),
        ({"name": 5}, "body.name: Input should be a valid string"),
    ],
)
async def test_an_invalid_body_is_a_422_naming_the_field(
    client: AsyncClient, body: dict[str, Any], detail: str
) -> None:
    response = await client.post("/accounts", json=body)
    assert response.status_code == 422
    assert response.json().items() >= {"detail": detail, "code": "invalid"}.items()


async def test_patch_may_leave_a_field_out_but_not_null_it(client: AsyncClient) -> None:
    created = await create(client, "acme")
    response = await client.patch(f"/accounts/{created['id']}", json={"name": None})
    assert response.status_code == 422
    assert response.json()["detail"] == "body: Value error, name may be left out, not null"


async def test_a_value_postgresql_cannot_store_is_a_422(client: AsyncClient) -> None:
    response = await client.post("/accounts", json={"name": "nul\u0000"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("body.name: String should match pattern")


@pytest.mark.parametrize("path", ["/accounts/0", "/accounts/9223372036854775808", "/accounts/x"])
async def test_an_id_out_of_range_is_a_422(client: AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("path.account_id: ")


async def test_concurrent_deletes_stamp_the_account_and_its_users_once(
    served: FastAPI, committing_engine: AsyncEngine
) -> None:
    async with client_of(served) as client:
        acme = await create(client, "acme")
        for email in ("ann@acme.test", "bob@acme.test"):
            body = {"account_id": acme["id"], "email": email}
            assert (await client.post("/users", json=body)).status_code == 201
        deletes = [client.delete(f"/accounts/{acme['id']}") for _ in range(20)]
        statuses = sorted(response.status_code for response in await asyncio.gather(*deletes))
    assert statuses == [204] + [404] * 19
    async with committing_engine.connect() as connection:
        stamps = await connection.execute(
            text(
                "SELECT a.deleted_at, u.deleted_at FROM account a JOIN users u"
                " ON u.account_id = a.id WHERE a.id = :id"
            ),
            {"id": acme["id"]},
        )
        pairs = stamps.all()
    assert len(pairs) == 2
    assert all(account is not None and account == user for account, user in pairs)


async def test_a_405_allows_every_method_of_the_path(client: AsyncClient) -> None:
    response = await client.put("/accounts/1", json={"name": "x"})
    assert response.status_code == 405
    assert response.headers["allow"] == "DELETE, GET, PATCH"
    assert (await client.put("/accounts")).headers["allow"] == "GET, POST"
