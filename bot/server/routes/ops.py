"""Operations: ``/healthz`` for load balancers and ``/metrics`` for Prometheus."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Response, status
from fastapi.responses import PlainTextResponse

from bot.server.deps import StateDep
from bot.server.quiz_report import finished_attempts
from bot.server.schemas import Health
from bot.server.state import ServerState

router = APIRouter(tags=["ops"])
log = logging.getLogger(__name__)
PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8"


@router.get("/healthz", responses={503: {"model": Health}})
async def healthz(state: StateDep, response: Response) -> Health:
    """Ready when a store is live, the database answers and the worker is not draining; 503 otherwise."""
    result = await health(state)
    if result.status != "ok":
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return result


@router.get("/livez")
async def livez() -> dict[str, bool]:
    """Alive (the process answers), draining or not: tells a draining worker from a dead one."""
    return {"alive": True}


async def health(state: ServerState) -> Health:
    """The readiness of this worker."""
    database = await _database_ok(state)
    if state.draining:
        verdict = "draining"
    else:
        verdict = "ok" if state.knowledge.loaded and database else "degraded"
    return Health(status=verdict, store_loaded=state.knowledge.loaded, database=database,
                  worker=state.settings.worker_name, build=state.knowledge.build_id)


@router.get("/metrics", response_class=PlainTextResponse)
async def metrics(state: StateDep) -> PlainTextResponse:
    """Counters, the latency histogram and reloads in the Prometheus text format."""
    grounded = state.knowledge.grounded
    text = state.metrics.render(store_loaded=state.knowledge.loaded, quiz_attempts=await _quiz_attempts(state),
                                llm=grounded.outcomes.snapshot() if grounded is not None else None)
    return PlainTextResponse(text, media_type=PROMETHEUS_TYPE)


async def _database_ok(state: ServerState) -> bool:
    try:
        await state.storage.schema_version()
    except Exception:
        log.warning("Database check failed", exc_info=True)
        return False
    return True


async def _quiz_attempts(state: ServerState) -> int | None:
    """Finished quiz attempts in storage; None (metric omitted) if the query fails."""
    try:
        return await finished_attempts(state)
    except Exception:
        log.warning("Quiz attempts could not be counted", exc_info=True)
        return None
