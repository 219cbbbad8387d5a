"""The ASGI app factory and its lifespan: build everything once, start channels, stop cleanly."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from bot.channels.zalo import ZaloChannel, ZaloClient
from bot.config import Settings
from bot.dialogue.assistant import Assistant
from bot.dialogue.ratelimit import RateLimiter, SharedRateLimiter
from bot.knowledge import KnowledgeBase
from bot.knowledge_sync import KnowledgeSync
from bot.server.errors import validation_error
from bot.server.limits import BodyLimitMiddleware, BodyLimits
from bot.server.metrics import InstrumentedAssistant, Metrics
from bot.server import console
from bot.server.routes import admin, chat, ops, stream, web, webhooks
from bot.server.state import ServerState, TaskSet
from bot.storage.database import Storage
from bot.storage.buckets import DatabaseBuckets
from bot.storage.inbox import WebhookInbox
from bot.storage.polls import TelegramPolls
from bot.storage.redis_buckets import RedisBuckets
from bot.storage.workers import WORKER_STALE
from indexer.errors import IndexerError

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
# Seconds the shutdown waits for webhook work already accepted (systemd/docker stop
# allow ~10 s before SIGKILL).
DRAIN_SECONDS = 5.0
# The page loads nothing from elsewhere; a strict policy makes an injected script inert.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def create_app(settings: Settings, knowledge: KnowledgeBase | None = None) -> FastAPI:
    """Build the app; nothing heavy happens until the lifespan starts.

    Args:
        settings: the configuration (admin routes exist only with ``admin_token``, the
            console with it or ``admin_users``).
        knowledge: an already loaded knowledge base (the CLI and tests pass one); when
            None the lifespan builds or loads the store itself.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with _running(settings, knowledge) as state:
            app.state.cchc = state
            yield

    app = FastAPI(
        title="Trợ lý CCHC",
        description="Hỏi đáp cải cách hành chính: web chat, JSON API, Zalo OA và Telegram webhook.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # the Swagger page loads scripts from a CDN; /openapi.json stays
        redoc_url=None,
    )
    app.middleware("http")(_security_headers)
    # The client's address and scheme: X-Forwarded-For/-Proto believed only from
    # CCHC_TRUSTED_PROXIES (read from the right), so per-address limits see each client.
    app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies))
    # Outermost: a body over its route's limit is refused before anything reads it.
    app.add_middleware(BodyLimitMiddleware, limits=BodyLimits.from_settings(settings))
    app.add_exception_handler(RequestValidationError, validation_error)  # type: ignore[arg-type]
    for router in (web.router, chat.router, stream.router, webhooks.router, ops.router):
        app.include_router(router)
    if settings.admin_token is not None and settings.admin_token.get_secret_value():
        app.include_router(admin.router)
    if settings.console_enabled:  # the /admin console: the token or CCHC_ADMIN_USERS
        console.install(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


async def _security_headers(request: Request, call_next: Any) -> Response:
    response: Response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


@asynccontextmanager
async def _running(settings: Settings, knowledge: KnowledgeBase | None) -> AsyncIterator[ServerState]:
    """Load knowledge, open storage, wire the core and channels; undo it all on exit."""
    kb = knowledge if knowledge is not None else await asyncio.to_thread(_load_knowledge, settings)
    storage = await Storage.open(settings.database_target)
    metrics = Metrics()
    limiter, redis = await _limiter(settings, storage, metrics)
    assistant = InstrumentedAssistant(Assistant(kb, storage, settings), metrics)
    state = ServerState(settings, kb, storage, assistant, limiter, metrics, TaskSet())
    sync = state.sync = KnowledgeSync(kb, storage, settings)
    worker = {"worker": settings.worker_name, "started_at": sync.started_at}
    takeover: asyncio.Task[None] | None = None
    state.address_limiter = _address_limiter(settings, limiter, metrics)
    try:
        await sync.start()
        if settings.zalo_oa_secret_key is not None and settings.zalo_oa_secret_key.get_secret_value() and settings.zalo_app_id:
            state.zalo = ZaloChannel(assistant, ZaloClient(settings), limiter, WebhookInbox(storage, "zalo", **worker))
        if settings.telegram_token is not None:
            state.telegram = await _start_telegram(
                settings, assistant, limiter, WebhookInbox(storage, "telegram", **worker), TelegramPolls(storage)
            )
        await _resume(state)  # events a crash or restart left open (this worker's, or a dead one's)
        takeover = asyncio.create_task(_take_over(state), name="inbox-takeover")
        yield state
    finally:
        if takeover is not None:
            takeover.cancel()
        state.draining = True
        try:
            await sync.set_state("draining")  # visible in the workers table while the tasks drain
        except Exception:
            log.warning("Could not record the draining state", exc_info=True)
        await state.tasks.drain(DRAIN_SECONDS)
        if state.telegram is not None:
            await state.telegram.application.stop()
            await state.telegram.application.shutdown()
        if state.zalo is not None:
            await state.zalo.client.aclose()
        await sync.stop()
        if redis is not None:
            await redis.close()
        await storage.close()


async def _limiter(settings: Settings, storage: Storage, metrics: Metrics) -> tuple[RateLimiter, RedisBuckets | None]:
    """The per-user limiter: in Redis when configured, else in the database when it is shared
    (PostgreSQL), else in this process (SQLite: one process). A Redis that does not answer at
    start is logged and the database is used instead."""
    limits = {"burst": settings.rate_limit_burst, "per_minute": settings.rate_limit_per_minute,
              "on_denied": metrics.record_rate_limited}
    if settings.redis_url is not None and settings.redis_url.get_secret_value():
        try:
            redis = await RedisBuckets.connect(settings.redis_url.get_secret_value())
        except (ConnectionError, ImportError):
            log.warning("CCHC_REDIS_URL is set but Redis does not answer; sharing the rate limit through the database",
                        exc_info=True)
        else:
            return SharedRateLimiter(redis, name="redis", **limits), redis
    if storage.dialect == "postgresql":
        return SharedRateLimiter(DatabaseBuckets(storage), name="database", **limits), None
    return RateLimiter(**limits), None


def _address_limiter(settings: Settings, limiter: RateLimiter, metrics: Metrics) -> RateLimiter:
    """The web chat's per-address limiter, in the same store as the per-user one (shared by workers)."""
    limits = {"burst": settings.rate_limit_address_burst, "per_minute": settings.rate_limit_address_per_minute,
              "on_denied": metrics.record_rate_limited}
    if isinstance(limiter, SharedRateLimiter):
        return SharedRateLimiter(limiter.store, name=limiter.name, **limits)
    return RateLimiter(**limits)


async def _resume(state: ServerState) -> None:
    """Spawn the work of the open events this worker should handle now."""
    for channel in (c for c in (state.zalo, state.telegram) if c is not None):
        for work in await channel.events.resume():
            state.tasks.spawn(work)


async def _take_over(state: ServerState) -> None:
    """Now and then, handle the open events of workers that died and did not come back."""
    while True:
        await asyncio.sleep(WORKER_STALE.total_seconds())
        try:
            await _resume(state)
        except Exception:
            log.warning("Taking over open inbox events failed; trying again", exc_info=True)


def _load_knowledge(settings: Settings) -> KnowledgeBase:
    """Load (or first build) the store; a failure leaves the server up and /healthz degraded."""
    kb = KnowledgeBase(settings)
    try:
        kb.ensure_loaded(show_progress=False)
    except IndexerError:
        log.error("Knowledge store not loaded; answers are unavailable until a reload", exc_info=True)
    return kb


async def _start_telegram(
    settings: Settings, assistant: InstrumentedAssistant, limiter: RateLimiter, inbox: WebhookInbox,
    polls: TelegramPolls,
) -> Any:
    """The PTB application in webhook mode (no Updater), sharing the server's rate limiter."""
    from bot.channels.telegram import TelegramWebhook, build_application, set_webhook

    application = build_application(settings, assistant, polling=False, polls=polls)
    application.bot_data["rate_limiter"] = limiter
    await application.initialize()
    await application.start()
    if settings.telegram_webhook_url:
        await set_webhook(application, settings.telegram_webhook_url, settings)
    log.info("Telegram webhook mode started as @%s", application.bot.username)
    return TelegramWebhook(application, settings, inbox)
