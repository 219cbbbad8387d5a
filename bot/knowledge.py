"""The live knowledge base: store + retriever + answerer, rebuilt and swapped without downtime.

Readers take ``self.answerer`` once per question; a reload builds a complete new store
and answerer first and then replaces the attribute in one assignment, so a question in
flight finishes on the old one and a failed build leaves the old one live.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import TYPE_CHECKING

from bot.answer.answerer import Answerer
from bot.answer.models import Answer
from bot.config import Settings
from bot.procedures import ProcedureMatcher
from bot.retrieval.hybrid import HybridRetriever
from indexer.build import BuildReport, build_knowledge
from indexer.embedding import Embedder, QueryCache, load_embedder
from indexer.errors import ModelMismatchError, StoreError
from indexer.store import load_store

if TYPE_CHECKING:  # imported for real only when a model is configured (see _grounded)
    from bot.llm.compose import GroundedAnswerer
    from bot.llm.rewrite import FollowupRewriter

log = logging.getLogger(__name__)


class KnowledgeBase:
    """Owns the embedder (loaded once) and the current :class:`Answerer`."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.embedder = QueryCache(embedder or load_embedder(settings.embedding_model))
        self._answerer: Answerer | None = None
        self._rebuild_lock = threading.Lock()
        self.grounded = _grounded(settings)
        self.rewriter = _rewriter(settings, self.grounded)

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

    def load(self) -> None:
        """Load the store on disk (refusing one built with another model) and make it live."""
        store = load_store(self.settings.store_dir, expected_model=self.embedder.model_id)
        retriever = HybridRetriever(store, self.embedder)
        procedures = ProcedureMatcher.from_knowledge_dir(self.settings.knowledge_dir)
        self._answerer = Answerer(retriever, max_chars=self.settings.answer_max_chars, procedures=procedures)
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

    def rebuild(self, show_progress: bool = False) -> BuildReport:
        """Rebuild from the knowledge directory and swap the new store in.

        Only one rebuild runs at a time. If the build raises, the live store stays.
        """
        with self._rebuild_lock:
            report = build_knowledge(
                self.settings.knowledge_dir, self.settings.data_dir, self.embedder, show_progress=show_progress
            )
            self.load()
            return report

    def answer(self, question: str) -> Answer:
        """Answer with whatever store is live at call time."""
        answerer = self.answerer
        answer = answerer.answer(question)
        # The model hook (bot/llm/, docs/llm.md): the extractive answer's sources in, the same
        # answer with a written and verified text out, or the extractive one unchanged.
        if self.grounded is not None:
            return self.grounded.answer(answer, answerer.retriever.store.documents)
        return answer

    async def answer_async(self, question: str) -> Answer:
        """:meth:`answer` for the event loop: extraction in a thread, the model call awaited."""
        if self.grounded is None:
            return await asyncio.to_thread(self.answer, question)  # today's path, unchanged
        answerer = self.answerer
        answer = await asyncio.to_thread(answerer.answer, question)
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
