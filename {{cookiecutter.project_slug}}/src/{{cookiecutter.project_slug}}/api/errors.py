"""One shape for every error the API returns: `{"detail": "...", "code": "..."}`.

`detail` is one line a person can act on; `code` is a stable word a client can branch on.
FastAPI's own shapes (a list of errors for a 422, `{"detail": ...}` alone elsewhere) are
replaced here, in one place, for every route.
"""

from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DBAPIError, IntegrityError
from starlette.exceptions import HTTPException

from {{ cookiecutter.project_slug }}.api.schemas import ResponseModel

# PostgreSQL's SQLSTATEs for a write that contradicts a row already there.
CONFLICTS = {
    "23505": "the value is taken",  # unique_violation
    "23503": "the row it refers to does not exist",  # foreign_key_violation
}
DATA_EXCEPTION = "22"  # the SQLSTATE class of a value the column cannot hold

CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid",
    500: "internal",
    503: "not_ready",
}


class ErrorBody(ResponseModel):
    detail: str
    code: str


def error_response(
    status: int, detail: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    body = ErrorBody(detail=detail, code=CODES.get(status, "error"))
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error responses a route can give, for its OpenAPI description."""
    return {status: {"model": ErrorBody} for status in statuses}


async def _http_error(request: Request, error: HTTPException) -> JSONResponse:
    return error_response(error.status_code, str(error.detail), error.headers)  # 405: Allow


async def _invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
    faults = (
        f"{'.'.join(str(part) for part in fault['loc'])}: {fault['msg']}"
        for fault in error.errors()
    )
    return error_response(422, "; ".join(faults))


async def _integrity_error(request: Request, error: IntegrityError) -> JSONResponse:
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate not in CONFLICTS:
        raise error  # a NOT NULL or CHECK violation is a bug here, not the client's doing
    # PostgreSQL's DETAIL (on asyncpg's error, under SQLAlchemy's) names the column and
    # the value: `Key (email)=(a@b.c) already exists.`
    detail = getattr(getattr(error.orig, "__cause__", None), "detail", None)
    return error_response(409, detail or CONFLICTS[sqlstate])


async def _data_error(request: Request, error: DBAPIError) -> JSONResponse:
    sqlstate = getattr(error.orig, "sqlstate", None) or ""
    if not sqlstate.startswith(DATA_EXCEPTION):
        raise error  # not the value's fault: a server error
    # PostgreSQL refused a value it cannot store (a NUL in text, a number out of range).
    return error_response(422, str(getattr(error.orig, "__cause__", None) or "invalid value"))


async def _server_error(request: Request, error: Exception) -> JSONResponse:
    # A bug: the client learns nothing of it but that it happened; the server logs the
    # traceback (Starlette re-raises the exception after this answer).
    return error_response(500, "internal server error")


# For `FastAPI(exception_handlers=...)`.
HANDLERS: dict[int | type[Exception], Callable[[Request, Any], Coroutine[Any, Any, Response]]] = {
    HTTPException: _http_error,
    RequestValidationError: _invalid_request,
    IntegrityError: _integrity_error,
    DBAPIError: _data_error,  # IntegrityError, a subclass, has its own
    Exception: _server_error,  # anything else, and what the handlers above re-raise
}
