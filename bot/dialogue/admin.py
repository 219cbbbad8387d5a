"""Admin tools of the core: usage figures, knowledge gaps, reload and document upload.

Kept apart from :mod:`bot.dialogue.assistant` (which only routes) because each of these
is a small workflow of its own with its own failure modes: one rebuild at a time, an
upload validated in a scratch directory and installed atomically, undone if the rebuild
fails, so the live store never goes stale or broken.
"""

from __future__ import annotations

import asyncio
import functools
import logging

from bot import messages
from bot.config import Settings
from bot.dialogue.render import format_build_report, format_gaps, format_stats, limit_reason, short_label
from bot.dialogue.uploads import (
    ValidationBounds,
    conflicting_document,
    install_document,
    restore_document,
    safe_file_name,
    upload_path,
    validate_document,
)
from bot.knowledge import KnowledgeBase, ReloadBusyError
from bot.storage.database import Storage
from indexer.build import BuildReport
from indexer.errors import DocumentLimitError, DocumentReadError
from indexer.models import ParsedDocument
from indexer.readers import SUPPORTED_EXTENSIONS

log = logging.getLogger(__name__)

# Uploaded names echoed back are shortened: they come from the user's client.
ECHO_NAME_CHARS = 80
GAP_GROUPS = 10
GAP_DAYS = 30


class AdminTools:
    """``/stats``, ``/gaps``, ``/reload`` and document uploads (callers check admin rights)."""

    def __init__(self, knowledge: KnowledgeBase, storage: Storage, settings: Settings) -> None:
        self._knowledge = knowledge
        self._storage = storage
        self._settings = settings
        # One rebuild (reload or upload) at a time; checked, not queued, so admins get an answer.
        self.rebuild_lock = asyncio.Lock()
        self._bounds = ValidationBounds.from_settings(settings)

    async def stats(self) -> str:
        """The ``/stats`` reply."""
        return format_stats(await self._storage.stats())

    async def gaps(self) -> str:
        """The ``/gaps`` reply: unanswered and 👎 questions, grouped."""
        groups = await self._storage.gaps(limit=GAP_GROUPS, days=GAP_DAYS)
        return format_gaps(groups, GAP_DAYS)

    async def reload(self) -> str:
        """Rebuild from knowledge/ in a thread; a second request while one runs is told to wait."""
        if self.rebuild_lock.locked():
            return messages.RELOAD_BUSY
        async with self.rebuild_lock:
            try:
                report = await self._rebuild()
            except Exception as exc:
                return self._rebuild_failed(exc)
        return format_build_report(report)

    async def _rebuild(self, preparsed: dict[str, ParsedDocument] | None = None) -> BuildReport:
        """The knowledge base's atomic rebuild, off the event loop (callers hold the lock)."""
        return await asyncio.to_thread(functools.partial(self._knowledge.rebuild, preparsed=preparsed))

    @staticmethod
    def _rebuild_failed(exc: Exception) -> str:
        """The admin's failure message: the file and reason when known; the old store stays live."""
        if isinstance(exc, ReloadBusyError):  # one rebuild for every caller and worker (bot.knowledge)
            return messages.RELOAD_BUSY
        log.warning("Knowledge rebuild failed", exc_info=exc)
        if isinstance(exc, DocumentReadError):
            reason = f"{exc.path.name}: {exc.reason}"
        else:
            reason = str(exc) or type(exc).__name__
        return messages.RELOAD_FAILED.format(reason=reason)

    async def upload(self, document_name: str | None, data: bytes | None) -> str:
        """An admin's document: check type and size, then validate, save and rebuild under the lock."""
        file_name = safe_file_name(document_name or "")
        shown = short_label(document_name or file_name, ECHO_NAME_CHARS)
        limit = self._settings.max_upload_bytes
        if "." + file_name.rpartition(".")[2] not in SUPPORTED_EXTENSIONS:
            extensions = ", ".join(sorted(SUPPORTED_EXTENSIONS))
            return messages.UPLOAD_BAD_TYPE.format(name=shown, extensions=extensions)
        if data is None:
            return messages.UPLOAD_NOT_RECEIVED.format(name=shown, limit_mb=limit / 2**20)
        if len(data) > limit:
            return messages.UPLOAD_TOO_LARGE.format(name=shown, size_mb=len(data) / 2**20, limit_mb=limit / 2**20)
        if self.rebuild_lock.locked():
            return messages.RELOAD_BUSY
        async with self.rebuild_lock:
            return await self._install_upload(shown, file_name, data)

    async def _install_upload(self, shown: str, file_name: str, data: bytes) -> str:
        """Validate in a bounded child process, save atomically to the uploads directory, rebuild; undo on failure.

        Nothing touches knowledge/ until the validation has succeeded within its bounds, and
        the rebuild reuses the validated parse instead of parsing the file a second time.
        """
        try:
            parsed = await asyncio.to_thread(validate_document, file_name, data, self._bounds)
        except DocumentLimitError as exc:
            log.warning("Upload %s refused: %s", file_name, exc.reason)
            return messages.UPLOAD_LIMIT.format(name=shown, reason=limit_reason(exc))
        except DocumentReadError as exc:
            return messages.UPLOAD_INVALID.format(name=shown, reason=exc.reason)
        upload_dir = self._settings.uploads_path  # CCHC_UPLOADS_DIR: on the data volume in Docker
        clash = conflicting_document(upload_dir, file_name)
        if clash is not None:
            return messages.UPLOAD_NAME_TAKEN.format(name=shown, existing=clash.name)
        target = upload_dir / file_name
        if target.resolve().parent != upload_dir.resolve():  # safe_file_name guarantees this
            raise ValueError(f"upload name {file_name!r} escapes {upload_dir}")
        previous = await asyncio.to_thread(install_document, target, data)
        try:
            report = await self._rebuild({upload_path(file_name): parsed})
        except Exception as exc:
            await asyncio.to_thread(restore_document, target, previous)
            return self._rebuild_failed(exc)
        saved = messages.UPLOAD_REPLACED if previous is not None else messages.UPLOAD_SAVED
        return saved.format(name=shown, saved=file_name) + "\n" + format_build_report(report)
