"""The contract is the truth: schemathesis sends the served app (uvicorn, on a database of
the test's own) requests made from its OpenAPI document, valid and invalid ones, and every
answer must be one the document describes: no 5xx, a documented status, a body of the
documented shape. Bounded and deterministic: a few examples per operation, the same on
every run. (Its pytest plugin does not run under pytest 9: the operations are tried here,
one by one.)"""

import asyncio
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, given, settings
from schemathesis.core.result import Err
from sqlalchemy import URL

from {{ cookiecutter.project_slug }}.api.app import create_app
from {{ cookiecutter.project_slug }}.settings import Settings

from release_checks.databases import create_database, drop_database, unique_name
from tests.api.served import settings_for

# The app against its own document: an older release's copy proves nothing about a newer
# app, so make test-compat leaves it out (the newer tree's own suite runs it).
pytestmark = pytest.mark.own_tree

STARTUP_TIMEOUT = 10
EXAMPLES = 10  # per operation, valid and invalid requests alike


@pytest.fixture(scope="module")
async def contract_database(
    settings: Settings, migrated_template: URL, dropping: list[asyncio.Task[None]]
) -> AsyncIterator[URL]:
    server = settings.sqlalchemy_url
    url = await create_database(
        server, unique_name(server, "fuzz"), template=migrated_template.database
    )
    yield url
    dropping.append(asyncio.create_task(drop_database(url)))


@pytest.fixture(scope="module")
def contract_server(settings: Settings, contract_database: URL) -> Iterator[str]:
    """uvicorn serving the app in a thread of its own, on a loopback port; its base URL."""
    app = create_app(settings_for(settings, contract_database))
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]})
    thread.start()
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not server.started:
            assert thread.is_alive(), "uvicorn stopped"
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.01)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(STARTUP_TIMEOUT)
        listener.close()


def test_every_answer_is_one_the_document_describes(contract_server: str) -> None:
    schema = schemathesis.openapi.from_url(f"{contract_server}/openapi.json")
    findings = []
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            findings.append(f"an operation schemathesis cannot read: {result.err()}")
            continue
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,  # the same requests on every run
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def answers_as_documented(case: schemathesis.Case[Any]) -> None:
            case.call_and_validate()

        try:
            answers_as_documented()
        except Exception as error:  # every operation is tried; all findings reported
            findings.append(f"{operation.label}: {error}")
    assert not findings, "\n\n".join(findings)
