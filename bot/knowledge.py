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

import logging
import threading
from pathlib import Path
from typing import Protocol

from bot.answer.answerer import Answerer
from bot.answer.models import Answer
from bot.config import Settings
from bot.procedures import ProcedureMatcher
from bot.retrieval.hybrid import HybridRetriever
from indexer.build import BuildReport, build_knowledge
from indexer.embedding import Embedder, QueryCache, load_embedder
from indexer.errors import ModelMismatchError, StoreError
from indexer.store import load_store

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
        self._answerer = Answerer(retriever, max_chars=self.settings.answer_max_chars, procedures=procedures)
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

    def rebuild(self, show_progress: bool = False) -> BuildReport:
        """Rebuild from the knowledge directory, swap the new store in and publish it.

        Only one rebuild runs at a time, across every caller and (with a coordinator) every
        worker; a second one is refused at once rather than queued, so that no caller hangs
        and then rebuilds the same thing again. If the build raises, the live store stays.

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
                    prune=coordinator is None, keep=self.settings.keep_builds,
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

    def answer(self, question: str) -> Answer:
        """Answer with whatever store is live at call time."""
        return self.answerer.answer(question)
