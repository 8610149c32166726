"""What an orchestrator probes: `/health`, is the process up (liveness), and `/ready`,
can it serve (readiness: a pooled connection is free, and the database answers and is at
this code's head revision, or at one that provably descends from it, as during a rolling
deploy: db/readiness.py).

Liveness never touches the database: a database outage must not get every replica
restarted; it takes them out of the load balancer, through `/ready`, instead.
"""

import asyncio
from functools import cache
from typing import Literal

from alembic.script import ScriptDirectory
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import QueuePool

from {{ cookiecutter.project_slug }}.api.errors import error_response, responses
from {{ cookiecutter.project_slug }}.api.schemas import ResponseModel
from {{ cookiecutter.project_slug }}.db.errors import OperatorError
from {{ cookiecutter.project_slug }}.db.readiness import check_schema, load_script
from {{ cookiecutter.project_slug }}.settings import Settings

router = APIRouter(tags=["health"])


class Health(ResponseModel):
    status: Literal["ok"] = "ok"


class Readiness(ResponseModel):
    status: Literal["ready"] = "ready"
    detail: str


@cache
def revisions() -> ScriptDirectory:
    """The migration history, read once (a failure is not cached: the next probe retries)."""
    return load_script()


@router.get("/health")
async def health() -> Health:
    return Health()


@router.get("/ready", response_model=Readiness, responses=responses(503))
async def ready(request: Request) -> Readiness | JSONResponse:
    settings: Settings = request.app.state.settings
    engine: AsyncEngine = request.app.state.engine
    if isinstance(engine.pool, QueuePool) and engine.pool.checkedout() >= engine.pool.size():
        # Every connection is taken: a request now waits, and may wait in vain.
        detail = f"all {engine.pool.size()} pooled database connections are in use"
        return error_response(503, detail, code="not_ready")
    try:
        script = await asyncio.to_thread(revisions)
        detail = await check_schema(settings.sqlalchemy_url, script)
    except OperatorError as error:
        return error_response(503, str(error), code="not_ready")
    return Readiness(detail=detail)
