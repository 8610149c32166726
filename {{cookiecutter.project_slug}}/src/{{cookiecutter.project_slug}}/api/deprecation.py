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

`count_deprecated_calls` logs every call of a deprecated operation, and every deprecated
parameter or request field a call sends, with a running count: the evidence, before a
removal, that no client uses it any more.
"""

import json
import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import format_datetime
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEPRECATION = "x-deprecation"  # the OpenAPI extension; the API gate reads the same name
JSON = dict[str, Any]
logger = logging.getLogger(__name__)


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
    headers. Call it once the routes are included: the app's document says which. With
    none deprecated, it adds nothing: no request pays for looking."""
    operations = _operations(app)
    if any(deprecation_headers(operation.record) for operation in operations):
        app.add_middleware(_SendHeaders, operations=operations)


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


# Counting the calls that use what is deprecated.

Fields = dict[str, tuple[str | None, "Fields"]]  # name -> (deprecated in, nested fields)
_DEPTH = 8  # how deep into a request body the fields are followed
_PARAMETER = re.compile(r"\{([^}/:]+)(?::[^}]*)?\}")


@dataclass
class _Watched:
    """What one operation (method and path template) has deprecated."""

    method: str
    path: str  # the template: /accounts/{account_id}
    record: dict[str, str]  # the operation's own x-deprecation, if it is deprecated
    parameters: dict[tuple[str, str], str] = field(default_factory=dict)  # (in, name)
    body: Fields = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def deprecates(self) -> bool:
        return bool(self.record or self.parameters or self.body)

    def match(self, method: str, path: str) -> dict[str, str] | None:
        """The path parameters, if a request for `method` and `path` calls this operation."""
        if method != self.method and (method, self.method) != ("HEAD", "GET"):
            return None  # Starlette answers HEAD with the GET route
        found = self._pattern.fullmatch(path)
        return None if found is None else dict(zip(self._names, found.groups(), strict=True))

    def __post_init__(self) -> None:
        parts = _PARAMETER.split(self.path)  # literal, name, literal, name, ..., literal
        self._names = parts[1::2]
        self._pattern = re.compile(
            "".join(re.escape(part) if i % 2 == 0 else "([^/]+)" for i, part in enumerate(parts))
        )

    def used(
        self, scope: Scope, path_parameters: dict[str, str], body: bytes | None
    ) -> Iterator[tuple[str, str]]:
        """(what, deprecated in) for the operation itself and each deprecated parameter
        and body field this request sends."""
        if "release" in self.record:
            yield "", self.record["release"]
        sent = _sent_parameters(scope, path_parameters)
        for (where, name), since in self.parameters.items():
            if (name.lower() if where == "header" else name) in sent[where]:
                yield f"{where} parameter {name}", since
        if body:
            try:
                value = json.loads(body)
            except ValueError:
                return  # the app answers 422; nothing was used
            for name, since in _sent_fields(value, self.body, "body field "):
                yield name, since


def count_deprecated_calls(app: FastAPI) -> None:
    """Log each use of a deprecated operation, parameter or request field of `app`, named
    as its OpenAPI document names it, with the number of such uses this process has seen.
    Call it once the routes are included: the app's document says what is deprecated.
    With nothing deprecated, it adds nothing: no request pays for looking."""
    operations = _operations(app)
    if any(operation.deprecates for operation in operations):
        app.add_middleware(_CountUses, operations=operations)


def _operations(app: FastAPI) -> list[_Watched]:
    """Every operation of `app`'s document, in its order, which is the order the routes
    were declared in: a request calls the first that matches (`/users/me` declared before
    `/users/{id}` is not a call of `/users/{id}`)."""
    document = app.openapi()
    return [
        watched
        for path, item in (document.get("paths") or {}).items()
        for method, operation in item.items()
        if (watched := _watched(method.upper(), path, operation, document)) is not None
    ]


def _matching(operations: list[_Watched], scope: Scope) -> tuple[_Watched, dict[str, str]] | None:
    """The operation a request calls, and its path parameters; or None."""
    if scope["type"] != "http":
        return None
    path = scope["path"].removeprefix(scope.get("root_path", "")) or "/"
    for operation in operations:
        if (parameters := operation.match(scope["method"], path)) is not None:
            return operation, parameters
    return None


def _watched(method: str, path: str, operation: object, document: JSON) -> _Watched | None:
    if not isinstance(operation, dict) or "responses" not in operation:
        return None
    record = operation.get(DEPRECATION) if operation.get("deprecated") is True else None
    found = _Watched(method, path, record if isinstance(record, dict) else {})
    for parameter in operation.get("parameters", []):
        if (since := _since(parameter)) is not None:
            found.parameters[(parameter["in"], parameter["name"])] = since
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if isinstance(schema, dict):
        found.body = _fields(schema, document, _DEPTH)
    return found


def _since(element: JSON) -> str | None:
    """The release a deprecated element records (FastAPI puts a parameter's in its schema)."""
    schema = element.get("schema")
    for holder in (element, schema if isinstance(schema, dict) else {}):
        record = holder.get(DEPRECATION)
        if holder.get("deprecated") is True and isinstance(record, dict):
            return str(record.get("release"))
    return None


def _fields(schema: JSON, document: JSON, depth: int) -> Fields:
    """The fields of `schema` that are deprecated or hold deprecated fields, followed
    through $refs, anyOf/oneOf/allOf alternatives and array items."""
    found: Fields = {}
    if depth == 0:
        return found
    for branch in _branches(schema, document):
        for name, property_schema in (branch.get("properties") or {}).items():
            since = _since(property_schema)
            nested: Fields = {}
            for inner in _branches(property_schema, document):
                if isinstance(inner.get("items"), dict):
                    inner = inner["items"]
                nested.update(_fields(inner, document, depth - 1))
            if since is not None or nested:
                found[name] = (since, nested)
    return found


def _branches(schema: JSON, document: JSON) -> Iterator[JSON]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        target = document.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[1])
        if isinstance(target, dict):
            yield from _branches(target, document)
        return
    yield schema
    for key in ("anyOf", "oneOf", "allOf"):
        for alternative in schema.get(key) or []:
            if isinstance(alternative, dict):
                yield from _branches(alternative, document)


def _sent_parameters(scope: Scope, path_parameters: dict[str, str]) -> dict[str, set[str]]:
    """The names of the parameters a request sends, by where (headers lower-cased)."""
    headers = {name.decode("latin-1").lower(): value for name, value in scope["headers"]}
    cookies = SimpleCookie(headers.get("cookie", b"").decode("latin-1"))
    query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    return {
        "query": {name for name, _ in query},
        "header": set(headers),
        "cookie": set(cookies),
        "path": set(path_parameters),
    }


def _sent_fields(value: object, fields: Fields, prefix: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, list):
        for item in value:
            yield from _sent_fields(item, fields, prefix)
    elif isinstance(value, dict):
        for name, (since, nested) in fields.items():
            if name in value:
                if since is not None:
                    yield f"{prefix}{name}", since
                yield from _sent_fields(value[name], nested, f"{prefix}{name}.")


class _SendHeaders:
    def __init__(self, app: ASGIApp, operations: list[_Watched]) -> None:
        self.app = app
        self.operations = operations

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        matched = _matching(self.operations, scope)
        headers = deprecation_headers(matched[0].record) if matched else []
        if not headers:
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *headers]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _CountUses:
    def __init__(self, app: ASGIApp, operations: list[_Watched]) -> None:
        self.app = app
        self.operations = operations
        self.counts: Counter[str] = Counter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        matched = _matching(self.operations, scope)
        if matched is None or not matched[0].deprecates:
            await self.app(scope, receive, send)
            return
        operation, path_parameters = matched
        body: bytes | None = None
        if operation.body:  # read the body to see its fields, then hand it on as it came
            messages = [await receive()]
            while messages[-1]["type"] == "http.request" and messages[-1].get("more_body"):
                messages.append(await receive())
            body = b"".join(message.get("body", b"") for message in messages)
            replay = iter(messages)

            async def receive_again() -> Message:
                return next(replay, None) or await receive()

            receive = receive_again
        for what, since in operation.used(scope, path_parameters, body):
            used = f"{what} of {operation.name}" if what else operation.name
            self.counts[used] += 1
            logger.warning(
                "deprecated API use: %s (deprecated in %s), %d since start",
                *(used, since, self.counts[used]),
                extra={"deprecated": used, "deprecated_in": since, "uses": self.counts[used]},
            )
        await self.app(scope, receive, send)
