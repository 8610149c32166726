"""What an orchestrator probes: `/health`, is the process up (liveness), and `/ready`,
can it serve (readiness: the database answers and is at this code's head revision, or at
one that provably descends from it, as during a rolling deploy: db/readiness.py).

Liveness never touches the database: a database outage must not get every replica
restarted; it takes them out of the load balancer, through `/ready`, instead.
"""

import asyncio
from functools import cache
from typing import Literal

from alembic.script import ScriptDirectory
from fastapi import APIRouter, HTTPException, Request

from {{ cookiecutter.project_slug }}.api.errors import responses
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


@router.get("/ready", responses=responses(503))
async def ready(request: Request) -> Readiness:
    settings: Settings = request.app.state.settings
    try:
        script = await asyncio.to_thread(revisions)
        detail = await check_schema(settings.sqlalchemy_url, script)
    except OperatorError as error:
        raise HTTPException(503, str(error)) from None
    return Readiness(detail=detail)
