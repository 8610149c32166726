"""Deprecating part of the API, recorded once for the contract and for the clients.

FastAPI's own `deprecated=True` marks an operation, a parameter or a field deprecated;
`deprecation(...)` beside it records the release that deprecated it (the API gate counts
`releases_before_drop` releases from it before a removal may ship) and, for an operation,
the date it took effect and, if known, its sunset. The record lands in the OpenAPI document
as `x-deprecation`, so the committed openapi.json holds it, and the same record makes every
response of a deprecated operation carry `Deprecation` (RFC 9745) and `Sunset` (RFC 8594)
headers:

    @router.get(
        "/accounts/{account_id}/legacy",
        deprecated=True,
        openapi_extra=deprecation("0.3", on="2026-11-26", sunset="2027-05-31"),
    )

    class AccountOut(BaseModel):
        nickname: str | None = Field(
            default=None, deprecated=True, json_schema_extra=deprecation("0.3")
        )

    sort: str | None = Query(None, deprecated=True, json_schema_extra=deprecation("0.3"))
"""

from datetime import UTC, date, datetime
from email.utils import format_datetime
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEPRECATION = "x-deprecation"  # the OpenAPI extension; the API gate reads the same name
JSON = dict[str, Any]


def deprecation(release: str, on: str | None = None, sunset: str | None = None) -> JSON:
    """The `x-deprecation` record: deprecated in `release`; for an operation, from the date
    `on` and, if known, removed no earlier than `sunset` (both YYYY-MM-DD)."""
    record: dict[str, str] = {"release": release}
    if on is not None:
        record["date"] = date.fromisoformat(on).isoformat()
    if sunset is not None:
        if on is None or date.fromisoformat(sunset) < date.fromisoformat(on):
            raise ValueError(f"sunset {sunset} needs a deprecation date before it")
        record["sunset"] = sunset
    return {DEPRECATION: record}


def send_deprecation_headers(app: FastAPI) -> None:
    """Make every deprecated operation of `app` answer with its Deprecation and Sunset
    headers. Call it once the routes are included."""
    for route in app.routes:
        if isinstance(route, APIRoute) and route.deprecated:
            record = (route.openapi_extra or {}).get(DEPRECATION, {})
            route.app = _with_headers(route.app, deprecation_headers(record))


def deprecation_headers(record: dict[str, str]) -> list[tuple[bytes, bytes]]:
    """The headers of one `x-deprecation` record: `Deprecation: @<unix time>` and
    `Sunset: <HTTP-date>`."""
    headers = []
    if "date" in record:
        headers.append((b"deprecation", f"@{int(_midnight(record['date']).timestamp())}"))
    if "sunset" in record:
        headers.append((b"sunset", format_datetime(_midnight(record["sunset"]), usegmt=True)))
    return [(name, value.encode("latin-1")) for name, value in headers]


def _midnight(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), tzinfo=UTC)


def _with_headers(app: ASGIApp, headers: list[tuple[bytes, bytes]]) -> ASGIApp:
    async def with_headers(scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *headers]}
            await send(message)

        await app(scope, receive, send_with_headers)

    return with_headers
