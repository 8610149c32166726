"""The API only adds (docs/migrations.md, 'The API rule'): the app's OpenAPI document keeps
every promise of the committed openapi.json, and deprecated operations say so in their
response headers."""

import json
from pathlib import Path

import httpx
from fastapi import FastAPI, Query
from pydantic import BaseModel, Field

from {{ cookiecutter.project_slug }}.api.deprecation import deprecation, send_deprecation_headers

from release_checks.api import lint_api
from release_checks.deploy.compat import Failure, explain_api
from release_checks.report import as_text


def test_the_app_keeps_every_promise_of_openapi_json() -> None:
    report = lint_api()
    assert report.findings == [], as_text(report)


def test_make_test_compat_says_in_one_line_why_it_cannot_compare_the_api(
    tmp_path: Path,
) -> None:
    """An old release's document with a `$ref` to another file: one line saying so, and the
    failing test as it failed, not a traceback."""
    committed = json.loads(Path("openapi.json").read_text())
    answer = committed["paths"]["/health"]["get"]["responses"]["200"]
    answer["content"]["application/json"]["schema"] = {"$ref": "other.json#/Health"}
    (tmp_path / "openapi.json").write_text(json.dumps(committed))
    failed = [Failure("tests/api/test_a.py::test_a", "assert 404 == 200")]
    lines = explain_api("v0.1", failed, tmp_path)
    assert len(lines) == 2, lines
    assert lines[0].startswith("v0.1's clients: cannot compare v0.1's openapi.json"), lines
    assert "other.json" in lines[0]
    assert lines[1].endswith("test_a fails on this tree's app: assert 404 == 200"), lines


class Legacy(BaseModel):
    name: str
    nickname: str | None = Field(
        default=None, deprecated=True, json_schema_extra=deprecation("0.3")
    )


def legacy_app() -> FastAPI:
    app = FastAPI()

    @app.get(
        "/legacy",
        deprecated=True,
        openapi_extra=deprecation("0.3", on="2026-01-31", sunset="2026-07-31"),
    )
    async def legacy(
        sort: str | None = Query(None, deprecated=True, json_schema_extra=deprecation("0.3")),
    ) -> Legacy:
        return Legacy(name="a")

    @app.get("/current")
    async def current() -> Legacy:
        return Legacy(name="a")

    send_deprecation_headers(app)
    return app


async def test_a_deprecated_operation_answers_with_deprecation_and_sunset_headers() -> None:
    transport = httpx.ASGITransport(app=legacy_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        legacy, current = await client.get("/legacy"), await client.get("/current")
    assert legacy.status_code == 200
    assert legacy.headers["deprecation"] == "@1769817600"  # 2026-01-31T00:00:00Z
    assert legacy.headers["sunset"] == "Fri, 31 Jul 2026 00:00:00 GMT"
    assert "deprecation" not in current.headers


def test_deprecations_reach_the_document_as_the_gate_reads_them() -> None:
    document = legacy_app().openapi()
    operation = document["paths"]["/legacy"]["get"]
    assert operation["deprecated"] is True
    assert operation["x-deprecation"]["release"] == "0.3"
    (parameter,) = operation["parameters"]
    assert parameter["deprecated"] is True
    field = document["components"]["schemas"]["Legacy"]["properties"]["nickname"]
    assert field["x-deprecation"] == {"release": "0.3"}
