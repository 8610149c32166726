"""The request body limit (`MAX_REQUEST_BODY_SIZE`): a larger body is answered 413 in the
API's error shape, before it is read whole into memory."""

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from {{ cookiecutter.project_slug }}.api.errors import error_response


class BodyLimit:
    """ASGI middleware: a body declared larger than `limit` bytes (Content-Length) is
    refused before a byte of it is read; one sent in chunks, once the chunks read pass
    `limit`. Either way the connection is closed after the 413 (`Connection: close`): the
    rest of the body is never read."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    def too_large(self) -> tuple[str, dict[str, str]]:
        return f"the request body is larger than {self.limit} bytes", {"Connection": "close"}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            detail, headers = self.too_large()
            await error_response(413, detail, headers)(scope, receive, send)
            return
        received = 0

        async def receive_within_limit() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                detail, headers = self.too_large()
                raise HTTPException(413, detail, headers)  # the route's, so errors.py answers
            return message

        await self.app(scope, receive_within_limit, send)
