"""The API contract: the app's OpenAPI document only grows (`make lint-api`). contract.py
compares two documents, gate.py judges the changes against the acknowledgements and
writes openapi.json, deprecations.py lists what the document deprecates."""

from .contract import compare
from .gate import (
    API_FORMATS,
    ApiReport,
    app_document,
    as_text,
    lint_api,
    read_document,
    write_document,
)

__all__ = [
    "API_FORMATS",
    "ApiReport",
    "app_document",
    "as_text",
    "compare",
    "lint_api",
    "read_document",
    "write_document",
]
