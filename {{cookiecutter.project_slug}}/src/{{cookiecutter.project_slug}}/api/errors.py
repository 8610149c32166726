"""One shape for every error the API returns: `{"detail": "...", "code": "..."}`.

`detail` is one line a person can act on; `code` is a stable word a client can branch on.
FastAPI's own shapes (a list of errors for a 422, `{"detail": ...}` alone elsewhere) are
replaced here, in one place, for every route.

A database that cannot serve (unreachable, every pooled connection in use, a statement
cancelled or a connection ended by the server) is a fault, not a bug: 503 `unavailable`
with `Retry-After`, and one log line. Anything else unexpected is a bug: 500 `internal`,
its traceback in the log.
"""

import logging
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException
from starlette.routing import Match

from {{ cookiecutter.project_slug }}.api.schemas import ResponseModel
from {{ cookiecutter.project_slug }}.db.connect import (
    DRIVER_ERRORS,
    INVALID_CATALOG_NAME,
    reason,
    sqlstate,
)

log = logging.getLogger(__name__)

# PostgreSQL's SQLSTATEs for a write that contradicts a row already there.
CONFLICTS = {
    "23505": "the value is taken",  # unique_violation
    "23503": "the row it refers to does not exist",  # foreign_key_violation
}
DATA_EXCEPTION = "22"  # the SQLSTATE class of a value the column cannot hold
# SQLSTATE classes of a server that cannot serve now, whatever the request: connection
# exception, invalid authorization, insufficient resources (too many connections, disk
# full), operator intervention (statement cancelled, server shutting down or starting).
UNAVAILABLE_CLASSES = ("08", "28", "53", "57")
# What a route with a body may also answer: 400 for a body that is not JSON (not UTF-8,
# nested too deep, compressed), 413 for one over MAX_REQUEST_BODY_SIZE.
BODY_ERRORS = (400, 413)
RETRY_AFTER = "1"  # seconds; a client that retries sooner meets the same fault

METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")

CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    500: "internal",
    503: "unavailable",
}


class ErrorBody(ResponseModel):
    detail: str
    code: str


def error_response(
    status: int, detail: str, headers: Mapping[str, str] | None = None, code: str | None = None
) -> JSONResponse:
    body = ErrorBody(detail=detail, code=code or CODES.get(status, "error"))
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error responses a route can give, for its OpenAPI description."""
    return {status: {"model": ErrorBody} for status in statuses}


def unavailable(error: Exception) -> str | None:
    """Why the database cannot serve now, if that is what `error` says (one line, the
    server's words where it spoke); None for any other error."""
    if isinstance(error, PoolTimeoutError):
        return "no pooled database connection came free in time (DATABASE_POOL_TIMEOUT)"
    if isinstance(error, (OSError, *DRIVER_ERRORS)):  # raised while connecting
        return f"cannot connect to the database: {reason(error)}"
    if isinstance(error, DBAPIError):
        state = sqlstate(error)
        if (
            error.connection_invalidated
            or state.startswith(UNAVAILABLE_CLASSES)
            or state == INVALID_CATALOG_NAME
        ):
            return f"the database: {reason(error)}"
    return None


def allowed_methods(request: Request) -> str:
    """Every method some route serves at the request's path: the `Allow` of a 405.
    (Starlette's names those of the first route at the path only.)"""
    routes = request.app.router.routes

    def served(method: str) -> bool:
        scope = {**request.scope, "method": method}
        return any(route.matches(scope)[0] == Match.FULL for route in routes)

    return ", ".join(filter(served, METHODS))


async def _http_error(request: Request, error: HTTPException) -> JSONResponse:
    headers = dict(error.headers or {})
    if error.status_code == 405:
        headers["Allow"] = allowed_methods(request)
    return error_response(error.status_code, str(error.detail), headers)


async def _invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
    faults = (
        f"{'.'.join(str(part) for part in fault['loc'])}: {fault['msg']}"
        for fault in error.errors()
    )
    return error_response(422, "; ".join(faults))


async def _unavailable(request: Request, error: Exception) -> JSONResponse:
    why = unavailable(error)
    if why is None:
        raise error  # not the database's state: a bug, answered 500
    log.warning("503 for %s %s: %s", request.method, request.url.path, why)
    return error_response(
        503, "the database is unavailable; try again", {"Retry-After": RETRY_AFTER}
    )


async def _integrity_error(request: Request, error: IntegrityError) -> JSONResponse:
    state = sqlstate(error)
    if state not in CONFLICTS:
        raise error  # a NOT NULL or CHECK violation is a bug here, not the client's doing
    # PostgreSQL's DETAIL (on asyncpg's error, under SQLAlchemy's) names the column and
    # the value: `Key (email)=(a@b.c) already exists.`
    detail = getattr(getattr(error.orig, "__cause__", None), "detail", None)
    return error_response(409, detail or CONFLICTS[state])


async def _data_error(request: Request, error: DBAPIError) -> JSONResponse:
    if not sqlstate(error).startswith(DATA_EXCEPTION):
        return await _unavailable(request, error)  # or, if not that either, a bug
    # PostgreSQL refused a value it cannot store (a NUL in text, a number out of range).
    return error_response(422, str(getattr(error.orig, "__cause__", None) or "invalid value"))


async def _server_error(request: Request, error: Exception) -> JSONResponse:
    # A bug: the client learns nothing of it but that it happened; the server logs the
    # traceback (Starlette re-raises the exception after this answer), and uvicorn then
    # closes the connection: `Connection: close` says so, so that no client sends its next
    # request on a connection about to close.
    return error_response(500, "internal server error", {"Connection": "close"})


# For `FastAPI(exception_handlers=...)`.
HANDLERS: dict[int | type[Exception], Callable[[Request, Any], Coroutine[Any, Any, Response]]] = {
    HTTPException: _http_error,
    RequestValidationError: _invalid_request,
    IntegrityError: _integrity_error,
    DBAPIError: _data_error,  # IntegrityError, a subclass, has its own
    PoolTimeoutError: _unavailable,
    OSError: _unavailable,
    **dict.fromkeys(DRIVER_ERRORS, _unavailable),
    Exception: _server_error,  # anything else, and what the handlers above re-raise
}
