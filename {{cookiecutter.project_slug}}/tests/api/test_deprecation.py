"""Evidence before a removal (docs/migrations.md, 'Evidence before a drop'): the service
logs each use of a deprecated operation, parameter or request field, with a running count,
and answers a deprecated operation with its Deprecation and Sunset headers, routers
included under a prefix as well."""

import logging

import httpx
import pytest
from fastapi import APIRouter, FastAPI, Header, Query
from pydantic import BaseModel, Field

from {{ cookiecutter.project_slug }}.api.deprecation import (
    count_deprecated_calls,
    deprecation,
    send_deprecation_headers,
)


class Part(BaseModel):
    old: str | None = Field(default=None, deprecated=True, json_schema_extra=deprecation("0.3"))
    new: str | None = None


class Order(BaseModel):
    name: str
    note: str | None = Field(default=None, deprecated=True, json_schema_extra=deprecation("0.3"))
    parts: list[Part] = []


def orders_app() -> FastAPI:
    router = APIRouter(prefix="/orders")

    @router.get("/me")  # declared first, so /orders/me is not /orders/{order_id}
    async def mine() -> dict[str, str]:
        return {"order": "mine"}

    @router.get(
        "/{order_id}",
        deprecated=True,
        openapi_extra=deprecation("0.3", on="2026-01-31", sunset="2026-07-31"),
    )
    async def read_order(order_id: int) -> dict[str, int]:
        return {"order": order_id}

    @router.post("")
    async def create_order(
        order: Order,
        sort: str | None = Query(None, deprecated=True, json_schema_extra=deprecation("0.3")),
        x_old: str | None = Header(None, deprecated=True, json_schema_extra=deprecation("0.3")),
    ) -> Order:
        return order

    app = FastAPI()
    app.include_router(router, prefix="/v1")
    send_deprecation_headers(app)
    count_deprecated_calls(app)
    return app


@pytest.fixture
def orders() -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=orders_app())
    return httpx.AsyncClient(transport=transport, base_url="http://test")


def uses(caplog: pytest.LogCaptureFixture) -> list[tuple[object, ...]]:
    """What each log line of a use says in its fields, for a log pipeline to count."""
    return [
        tuple(getattr(record, name) for name in ("deprecated", "deprecated_in", "uses"))
        for record in caplog.records
        if hasattr(record, "deprecated")
    ]


async def test_each_use_of_a_deprecated_operation_is_counted(
    orders: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    async with orders as client:
        first, second = await client.get("/v1/orders/7"), await client.get("/v1/orders/8")
        mine = await client.get("/v1/orders/me")
        head = await client.head("/v1/orders/9")
    assert (first.status_code, second.status_code, mine.status_code) == (200, 200, 200)
    assert first.headers["deprecation"] == "@1769817600"  # 2026-01-31T00:00:00Z
    assert first.headers["sunset"] == "Fri, 31 Jul 2026 00:00:00 GMT"
    assert "deprecation" not in mine.headers
    assert head.headers["deprecation"] == "@1769817600"
    operation = "GET /v1/orders/{order_id}"
    assert uses(caplog) == [(operation, "0.3", 1), (operation, "0.3", 2), (operation, "0.3", 3)]
    logged = [record.getMessage() for record in caplog.records if hasattr(record, "deprecated")]
    assert logged[0] == f"deprecated API use: {operation} (deprecated in 0.3), 1 since start"


async def test_only_the_deprecated_parameters_and_fields_a_request_sends_are_counted(
    orders: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    order = {"name": "a", "note": "n", "parts": [{"old": "x"}, {"new": "y"}]}
    async with orders as client:
        sent = await client.post("/v1/orders?sort=id", json=order, headers={"X-Old": "1"})
        plain = await client.post("/v1/orders", json={"name": "b", "parts": [{"new": "y"}]})
        invalid = await client.post("/v1/orders", content=b"{not json")
    assert sent.status_code == 200
    assert sent.json()["note"] == "n"  # the body read for counting reached the route whole
    assert plain.status_code == 200
    assert invalid.status_code == 422
    of = "of POST /v1/orders"
    assert uses(caplog) == [
        (f"query parameter sort {of}", "0.3", 1),
        (f"header parameter x-old {of}", "0.3", 1),
        (f"body field note {of}", "0.3", 1),
        (f"body field parts.old {of}", "0.3", 1),
    ]
