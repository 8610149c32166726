"""The API contract: the app's OpenAPI document only grows (`make lint-api`). contract.py
compares two documents, gate.py judges the changes against the acknowledgements and
writes openapi.json, deprecations.py lists what the document deprecates. What breaks a
client is each API rule's to say (rules/api_*.py, on rules/_openapi.py's pairs). Its
report is report.py's."""

from .contract import compare
from .gate import TITLE, api_report, app_document, lint_api, read_document, write_document

__all__ = [
    "TITLE",
    "api_report",
    "app_document",
    "compare",
    "lint_api",
    "read_document",
    "write_document",
]
