"""/users through the ASGI app: the soft delete at work."""

from typing import Any

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.project_slug }}.db import INCLUDE_DELETED
from {{ cookiecutter.project_slug }}.models.user import User


async def account(client: AsyncClient, name: str = "acme") -> int:
    response = await client.post("/accounts", json={"name": name})
    assert response.status_code == 201, response.text
    account_id: int = response.json()["id"]
    return account_id


async def create(client: AsyncClient, account_id: int, email: str) -> dict[str, Any]:
    response = await client.post("/users", json={"account_id": account_id, "email": email})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def emails(client: AsyncClient, **params: int) -> list[str]:
    response = await client.get("/users", params=params)
    assert response.status_code == 200
    return [user["email"] for user in response.json()["items"]]


async def test_create_read_update(client: AsyncClient) -> None:
    user = await create(client, await account(client), "ann@acme.test")
    assert (await client.get(f"/users/{user['id']}")).json() == user

    response = await client.patch(f"/users/{user['id']}", json={"email": "ann@acme.example"})
    assert response.status_code == 200
    assert response.json()["email"] == "ann@acme.example"


async def test_list_all_or_one_accounts_users(client: AsyncClient) -> None:
    acme, other = await account(client, "acme"), await account(client, "other")
    await create(client, acme, "ann@acme.test")
    await create(client, other, "bob@other.test")
    await create(client, acme, "cid@acme.test")

    assert await emails(client) == ["ann@acme.test", "bob@other.test", "cid@acme.test"]
    assert await emails(client, account_id=acme) == ["ann@acme.test", "cid@acme.test"]
    page = (await client.get("/users", params={"limit": 2})).json()
    assert (len(page["items"]), page["next_offset"]) == (2, 2)


async def test_delete_is_soft(client: AsyncClient, session: AsyncSession) -> None:
    acme = await account(client)
    ann = await create(client, acme, "ann@acme.test")
    await create(client, acme, "bob@acme.test")

    response = await client.delete(f"/users/{ann['id']}")
    assert response.status_code == 204
    assert response.content == b""

    # Gone for every later request...
    gone = await client.get(f"/users/{ann['id']}")
    assert gone.status_code == 404
    assert (
        gone.json().items()
        >= {"detail": f"user {ann['id']} does not exist", "code": "not_found"}.items()
    )
    assert (await client.patch(f"/users/{ann['id']}", json={})).status_code == 404
    assert (await client.delete(f"/users/{ann['id']}")).status_code == 404
    assert await emails(client) == ["bob@acme.test"]
    assert await emails(client, account_id=acme) == ["bob@acme.test"]
    # ... while the row stays in the table, stamped.
    row = await session.scalar(
        select(User).where(User.id == ann["id"]).execution_options(**{INCLUDE_DELETED: True})
    )
    assert row is not None
    assert row.deleted_at is not None


async def test_conflicts(client: AsyncClient) -> None:
    acme = await account(client)
    await create(client, acme, "ann@acme.test")

    taken = await client.post("/users", json={"account_id": acme, "email": "ann@acme.test"})
    assert taken.status_code == 409
    assert (
        taken.json().items()
        >= {
            "detail": "Key (email)=(ann@acme.test) already exists.",
            "code": "conflict",
        }.items()
    )
    no_account = await client.post("/users", json={"account_id": 999999, "email": "x@y.test"})
    assert no_account.status_code == 409
    assert (
        no_account.json().items()
        >= {"detail": "account 999999 does not exist", "code": "conflict"}.items()
    )


async def test_an_invalid_email_is_a_422(client: AsyncClient) -> None:
    response = await client.post("/users", json={"account_id": 1, "email": "not an email"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("body.email: String should match pattern")
