"""The live knowledge base: store + retriever + answerer, rebuilt and swapped without downtime.

Readers take ``self.answerer`` once per question; a reload builds a complete new store
and answerer first and then replaces the attribute in one assignment, so a question in
flight finishes on the old one and a failed build leaves the old one live.

One rebuild at a time, for every caller: the Telegram ``/reload``, an upload, ``POST
/admin/reload`` and ``cchc index`` all go through :meth:`KnowledgeBase.rebuild`, which
refuses at once (:class:`ReloadBusyError`) while another runs, in this process or, through
its :class:`BuildCoordinator` (``bot.knowledge_sync``), in another worker.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from bot.answer.answerer import Answerer
from bot.answer.config import AnswerConfig
from bot.answer.models import Answer, Subject
from bot.config import Settings
from bot.procedures import ProcedureMatcher
from bot.retrieval.hybrid import HybridRetriever
from indexer.build import BuildReport, Progress, build_knowledge
from indexer.embedding import Embedder, QueryCache, load_embedder
from indexer.errors import ModelMismatchError, StoreError
from indexer.limits import ReadLimits
from indexer.models import ParsedDocument
from indexer.store import load_store

if TYPE_CHECKING:  # imported for real only when a model is configured (see _grounded)
    from bot.llm.compose import GroundedAnswerer
    from bot.llm.rewrite import FollowupRewriter

log = logging.getLogger(__name__)


class ReloadBusyError(RuntimeError):
    """A rebuild is already running (here, or in the worker named by ``holder``)."""

    def __init__(self, holder: str | None = None) -> None:
        self.holder = holder
        where = f" in {holder}" if holder else ""
        super().__init__(f"a knowledge rebuild is already running{where}")


class BuildCoordinator(Protocol):
    """What a rebuild tells the other workers (``bot.knowledge_sync.KnowledgeSync``).

    Called from the rebuild's thread; each call blocks until done.
    """

    def claim(self) -> None:
        """Take the reload lock shared by every worker; raise :class:`ReloadBusyError` if taken."""

    def published(self, report: BuildReport) -> None:
        """Announce the finished build so that every worker swaps to it."""

    def release(self) -> None:
        """Give the lock back."""


class KnowledgeBase:
    """Owns the embedder (loaded once) and the current :class:`Answerer`."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.embedder = QueryCache(embedder or load_embedder(settings.embedding_model))
        self._answerer: Answerer | None = None
        self._rebuild_lock = threading.Lock()
        self.grounded = _grounded(settings)
        self.rewriter = _rewriter(settings, self.grounded)
        #: Set by ``KnowledgeSync`` when several workers share the store; None: one process.
        self.coordinator: BuildCoordinator | None = None
        #: The live build's directory name (None before a load).
        self.build_id: str | None = None

    @property
    def answerer(self) -> Answerer:
        """The live answerer.

        Raises:
            StoreError: nothing loaded yet.
        """
        if self._answerer is None:
            raise StoreError("No store loaded. Build it with: cchc index")
        return self._answerer

    @property
    def loaded(self) -> bool:
        """Whether a store is live."""
        return self._answerer is not None

    @property
    def rebuilding(self) -> bool:
        """Whether a rebuild runs in this process now."""
        return self._rebuild_lock.locked()

    def load(self, path: Path | None = None) -> None:
        """Load a store (default the live one on disk, refusing another model's) and make it live.

        Args:
            path: a build directory (a worker following a published build), or None.
        """
        store = load_store(path or self.settings.store_dir, expected_model=self.embedder.model_id)
        retriever = HybridRetriever(store, self.embedder)
        procedures = ProcedureMatcher.from_knowledge_dir(self.settings.knowledge_dir)
        procedures.warm_text_search()
        config = AnswerConfig(body_chars=self.settings.answer_max_chars)
        self._answerer = Answerer(retriever, config=config, procedures=procedures)
        self.build_id = store.path.name
        log.info("Loaded store %s (%s chunks)", store.path.name, len(store.chunks))

    def ensure_loaded(self, show_progress: bool = True) -> BuildReport | None:
        """Load the store, building it first when there is none (fresh clone)."""
        try:
            self.load()
        except ModelMismatchError:
            raise  # another model's store: rebuilding silently would hide a configuration error
        except StoreError as exc:
            log.info("Building the store: %s", exc)
            return self.rebuild(show_progress=show_progress)
        return None

    def rebuild(
        self,
        show_progress: bool = False,
        progress: Progress | None = None,
        preparsed: Mapping[str, ParsedDocument] | None = None,
    ) -> BuildReport:
        """Rebuild from the knowledge directory, swap the new store in and publish it.

        Only one rebuild runs at a time, across every caller and (with a coordinator) every
        worker; a second one is refused at once rather than queued, so that no caller hangs
        and then rebuilds the same thing again. If the build raises, the live store stays.
        ``progress`` is told each stage's advance (the admin console shows it). Files past
        the limits of ``read_limits`` are skipped with their reason; ``preparsed`` documents
        (a validated upload, by path relative to the knowledge directory) are not parsed
        again while the file is unchanged.

        Raises:
            ReloadBusyError: another rebuild is running.
        """
        if not self._rebuild_lock.acquire(blocking=False):
            raise ReloadBusyError()
        try:
            coordinator = self.coordinator
            if coordinator is not None:
                coordinator.claim()
            try:
                report = build_knowledge(
                    self.settings.knowledge_dir, self.settings.data_dir, self.embedder, show_progress=show_progress,
                    prune=coordinator is None, keep=self.settings.keep_builds, progress=progress,
                    limits=read_limits(self.settings), preparsed=preparsed, uploads_dir=self.settings.uploads_path,
                )
                self.load(report.build_dir)  # exactly this build, whatever the symlink says meanwhile
                if coordinator is not None:
                    coordinator.published(report)
            finally:
                if coordinator is not None:
                    coordinator.release()
            return report
        finally:
            self._rebuild_lock.release()

    def answer_about(self, question: str, procedure_id: str) -> Answer:
        """``question`` answered about one catalogue procedure (the version a user picked)."""
        return self.answerer.answer_about(question, procedure_id)

    def answer(self, question: str, subject: Subject | None = None) -> Answer:
        """Answer with whatever store is live at call time (about ``subject`` for a follow-up)."""
        answerer = self.answerer
        answer = answerer.answer(question, subject)
        # The model hook (bot/llm/, docs/llm.md): the extractive answer's sources in, the same
        # answer with a written and verified text out, or the extractive one unchanged.
        if self.grounded is not None:
            return self.grounded.answer(answer, answerer.retriever.store.documents)
        return answer

    async def answer_async(self, question: str, subject: Subject | None = None) -> Answer:
        """:meth:`answer` for the event loop: extraction in a thread, the model call awaited."""
        if self.grounded is None:
            return await asyncio.to_thread(self.answer, question, subject)  # today's path, unchanged
        answerer = self.answerer
        answer = await asyncio.to_thread(answerer.answer, question, subject)
        return await self.grounded.answer_async(answer, answerer.retriever.store.documents)

    def rewrite_followup(self, question: str, state_summary: str) -> str | None:
        """A follow-up rewritten by the model into a standalone question; None without a model or on failure.

        Only ``question`` and ``state_summary`` are sent. Callers keep their deterministic rule for None.
        """
        return self.rewriter.rewrite_followup(question, state_summary) if self.rewriter is not None else None

    async def rewrite_followup_async(self, question: str, state_summary: str) -> str | None:
        """:meth:`rewrite_followup`, awaited."""
        if self.rewriter is None:
            return None
        return await self.rewriter.rewrite_followup_async(question, state_summary)


def _grounded(settings: Settings) -> GroundedAnswerer | None:
    """The model-written answers when ``CCHC_LLM_URL`` is set; None (and no import) otherwise."""
    if settings.llm_url is None:
        return None
    from bot.llm.client import ChatClient
    from bot.llm.compose import GroundedAnswerer
    from bot.llm.config import LlmConfig

    return GroundedAnswerer(ChatClient(LlmConfig.from_settings(settings)), max_chars=settings.answer_max_chars)


def _rewriter(settings: Settings, grounded: GroundedAnswerer | None) -> FollowupRewriter | None:
    """The follow-up rewriter on the same model and counters; None without a model."""
    if grounded is None:
        return None
    from bot.llm.rewrite import FollowupRewriter

    return FollowupRewriter(grounded.client, max_chars=settings.max_question_chars, outcomes=grounded.outcomes)


def read_limits(settings: Settings) -> ReadLimits:
    """The bounds a knowledge file must stay within (``CCHC_MAX_DOCUMENT_CHARS`` and the like)."""
    return ReadLimits(
        max_chars=settings.max_document_chars,
        max_pdf_pages=settings.max_pdf_pages,
        max_docx_bytes=settings.max_docx_uncompressed_bytes,
    )
