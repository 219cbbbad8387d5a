"""The live knowledge base: store + retriever + answerer, rebuilt and swapped without downtime.

Readers take ``self.answerer`` once per question; a reload builds a complete new store
and answerer first and then replaces the attribute in one assignment, so a question in
flight finishes on the old one and a failed build leaves the old one live.
"""

from __future__ import annotations

import logging
import threading

from bot.answer.answerer import Answerer
from bot.answer.config import AnswerConfig
from bot.answer.models import Answer, Subject
from bot.config import Settings
from bot.procedures import ProcedureMatcher
from bot.retrieval.hybrid import HybridRetriever
from indexer.build import BuildReport, Progress, build_knowledge
from indexer.embedding import Embedder, QueryCache, load_embedder
from indexer.errors import ModelMismatchError, StoreError
from indexer.store import load_store

log = logging.getLogger(__name__)


class KnowledgeBase:
    """Owns the embedder (loaded once) and the current :class:`Answerer`."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.embedder = QueryCache(embedder or load_embedder(settings.embedding_model))
        self._answerer: Answerer | None = None
        self._rebuild_lock = threading.Lock()

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
        config = AnswerConfig(body_chars=self.settings.answer_max_chars)
        self._answerer = Answerer(retriever, config=config, procedures=procedures)
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

    def rebuild(self, show_progress: bool = False, progress: Progress | None = None) -> BuildReport:
        """Rebuild from the knowledge directory and swap the new store in.

        Only one rebuild runs at a time. If the build raises, the live store stays.
        ``progress`` is told each stage's advance (the admin console shows it).
        """
        with self._rebuild_lock:
            report = build_knowledge(
                self.settings.knowledge_dir, self.settings.data_dir, self.embedder, show_progress=show_progress,
                progress=progress,
            )
            self.load()
            return report

    def answer(self, question: str, subject: Subject | None = None) -> Answer:
        """Answer with whatever store is live at call time (about ``subject`` for a follow-up)."""
        return self.answerer.answer(question, subject)
