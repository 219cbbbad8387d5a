"""The channel-agnostic assistant: one :class:`Incoming` in, a list of :class:`Reply` out.

Routing is table-driven: commands (``/start``), button payloads (``menu:``, ``ask:``,
``more:``, ``fb:``) and menu entries each map a name to a small async handler, so adding a
feature is one method and one table entry. Channel adapters only translate and render.

Button payloads (all within Telegram's 64-byte ``callback_data``):

* ``menu:<qa|dvc|motcua|quiz|help>`` – start-menu entries;
* ``ask:<question>`` – a suggested question, answered as if typed;
* ``more:<n>:<log id>`` – source ``n`` (1 or 2) of the answer logged as ``log id``;
* ``fb:<up|down>:<log id>`` – a 👍 / 👎 vote on that answer;
* ``qz:…`` – quiz buttons, handled by :class:`bot.quiz.flow.QuizFlow` (formats in
  ``bot.quiz.payloads``).

The quiz (``/quiz``, ``/donvi``, ``menu:quiz``, ``qz:`` and the admin ``/baocao``) lives in
``bot.quiz``; this module only dispatches to it.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace

from bot import messages
from bot.answer.answerer import citation
from bot.answer.validity import replaced_note
from bot.answer.models import Answer
from bot.config import Settings
from bot.dialogue.models import Button, Incoming, Reply
from bot.dialogue.render import format_build_report, format_gaps, format_stats, short_label, trim_at_line
from bot.dialogue.uploads import (
    UPLOAD_SUBDIR,
    conflicting_document,
    install_document,
    restore_document,
    safe_file_name,
    validate_document,
)
from bot.knowledge import KnowledgeBase, ReloadBusyError
from bot.quiz.flow import QuizFlow
from bot.storage.database import Storage
from indexer.build import BuildReport
from indexer.errors import DocumentReadError, StoreError
from indexer.readers import SUPPORTED_EXTENSIONS

log = logging.getLogger(__name__)

# Telegram's callback_data limit; other channels have larger ones, so this is the bound.
PAYLOAD_MAX_BYTES = 64
# "Xem thêm" buttons are offered for sources[1:3]: the first source is the answer itself.
MORE_SOURCES = slice(1, 3)
# Button labels wrap badly on phones beyond ~40 characters.
LABEL_CHARS = 40
# A source excerpt fits one phone screen; the full text is in the cited document.
MORE_TEXT_CHARS = 800
# Uploaded names echoed back are shortened: they come from the user's client.
ECHO_NAME_CHARS = 80
GAP_GROUPS = 10
GAP_DAYS = 30
# admin_ids are Telegram user ids (see Settings); the same digits on a web or Zalo
# channel are someone else, so admin rights are granted on Telegram only.
ADMIN_CHANNELS = frozenset({"telegram"})


@dataclass(frozen=True)
class _Context:
    """One event plus what every handler needs to know about its sender."""

    incoming: Incoming
    user_id: int
    is_admin: bool
    args: str = ""


Handler = Callable[[_Context], Awaitable[list[Reply]]]
PayloadHandler = Callable[[_Context, str], Awaitable[list[Reply]]]


def button(label: str, payload: str) -> Button:
    """A button whose payload every channel accepts.

    Raises:
        ValueError: The payload exceeds ``PAYLOAD_MAX_BYTES`` in UTF-8 (a bug in the core).
    """
    size = len(payload.encode("utf-8"))
    if size > PAYLOAD_MAX_BYTES:
        raise ValueError(f"payload {payload!r} is {size} bytes; at most {PAYLOAD_MAX_BYTES} fit Telegram")
    return Button(label=label, payload=payload)


def _one(text: str, buttons: list[list[Button]] | None = None) -> list[Reply]:
    return [Reply(text=text, buttons=buttons or [])]


class Assistant:
    """Commands, menus, cited answers, feedback and admin tools over one knowledge base."""

    def __init__(self, knowledge: KnowledgeBase, storage: Storage, settings: Settings) -> None:
        """Wire the dispatch tables; cheap, so a channel can build it at start-up.

        Args:
            knowledge: The live knowledge base (answers, rebuilds).
            storage: Open storage (users, question log, feedback).
            settings: Limits, admin ids and the knowledge directory.
        """
        self._knowledge = knowledge
        self._storage = storage
        self._settings = settings
        # One rebuild (reload or upload) at a time; checked, not queued, so admins get an answer.
        self._rebuild_lock = asyncio.Lock()
        self.quiz = QuizFlow(storage, settings)
        self._commands: dict[str, Handler] = {
            "start": self._start,
            "help": self._help,
            "quiz": self._menu_quiz,
            "donvi": self._unit,
        }
        self._admin_commands: dict[str, Handler] = {
            "reload": self._reload,
            "stats": self._stats,
            "gaps": self._gaps,
            "baocao": self._report,
        }
        self._payloads: dict[str, PayloadHandler] = {
            "menu": self._menu,
            "ask": self._ask,
            "more": self._more,
            "fb": self._feedback,
            "qz": self._quiz_button,
        }
        self._menus: dict[str, Handler] = {
            "qa": self._menu_qa,
            "dvc": functools.partial(
                self._menu_topic, question=messages.DVC_QUESTION, suggestions=messages.DVC_SUGGESTIONS
            ),
            "motcua": functools.partial(
                self._menu_topic, question=messages.MOTCUA_QUESTION, suggestions=messages.MOTCUA_SUGGESTIONS
            ),
            "quiz": self._menu_quiz,
            "help": self._help,
        }

    # ------------------------------------------------------------------ entry point

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """Answer one event. Never raises: an unexpected failure is logged and apologised for."""
        try:
            context = await self._context(incoming)
            return await self._route(context)
        except Exception:
            log.error("Failed to handle a %s event on %s", incoming.kind, incoming.channel, exc_info=True)
            return _one(messages.APOLOGY)

    async def _context(self, incoming: Incoming) -> _Context:
        """Register (or refresh) the sender and decide whether they are an admin."""
        is_admin = incoming.channel in ADMIN_CHANNELS and incoming.user_id in self._settings.admin_ids
        user_id = await self._storage.upsert_user(
            channel=incoming.channel,
            external_id=incoming.user_id,
            display_name=incoming.display_name,
            role="admin" if is_admin else "user",
        )
        return _Context(incoming=incoming, user_id=user_id, is_admin=is_admin)

    async def _route(self, context: _Context) -> list[Reply]:
        """Documents, button presses, non-text messages, commands, then questions."""
        incoming = context.incoming
        if incoming.kind == "document":
            return await self._upload(context)
        if incoming.kind == "button" or incoming.payload is not None:
            return await self._on_payload(context, incoming.payload or "")
        if incoming.kind == "other":
            return _one(messages.UNSUPPORTED_KIND)
        text = (incoming.text or "").strip()
        if not text:
            return _one(messages.EMPTY_QUESTION)
        if text.startswith("/"):
            return await self._on_command(context, text)
        if len(text) > self._settings.max_question_chars:
            return _one(messages.TOO_LONG.format(limit=self._settings.max_question_chars))
        return await self._answer(context, text)

    async def _on_command(self, context: _Context, text: str) -> list[Reply]:
        """Dispatch ``/name args``; ``/name@BotName`` (Telegram groups) is accepted too."""
        head, _, args = text[1:].partition(" ")
        name = head.split("@", 1)[0].lower()
        context = replace(context, args=args.strip())
        if name in self._commands:
            return await self._commands[name](context)
        if name in self._admin_commands:
            if not context.is_admin:
                return _one(messages.ADMIN_ONLY)
            return await self._admin_commands[name](context)
        return _one(messages.UNKNOWN_COMMAND.format(command=short_label(f"/{head}", LABEL_CHARS)))

    async def _on_payload(self, context: _Context, payload: str) -> list[Reply]:
        """Dispatch ``kind:rest`` button payloads; anything unknown or stale gets a polite note."""
        kind, _, rest = payload.partition(":")
        handler = self._payloads.get(kind)
        if handler is None:
            return _one(messages.INVALID_BUTTON)
        return await handler(context, rest)

    # ------------------------------------------------------------------ menus and help

    async def _start(self, context: _Context) -> list[Reply]:
        """Greeting and the main menu."""
        name = context.incoming.display_name.strip()
        greeting = messages.GREETING.format(name=f", {name}" if name else "")
        return _one(greeting, self._main_menu())

    @staticmethod
    def _main_menu() -> list[list[Button]]:
        return [
            [button(messages.MENU_QA, "menu:qa")],
            [button(messages.MENU_DVC, "menu:dvc")],
            [button(messages.MENU_MOTCUA, "menu:motcua")],
            [button(messages.MENU_QUIZ, "menu:quiz"), button(messages.MENU_HELP, "menu:help")],
        ]

    async def _help(self, context: _Context) -> list[Reply]:
        """What the assistant does and its commands (admin commands for admins only)."""
        text = messages.HELP + messages.HELP_QUIZ
        if context.is_admin:
            text += messages.HELP_ADMIN.format(extensions=", ".join(sorted(SUPPORTED_EXTENSIONS)))
            text += messages.HELP_ADMIN_QUIZ
        return _one(text)

    async def _menu(self, context: _Context, entry: str) -> list[Reply]:
        handler = self._menus.get(entry)
        return await handler(context) if handler else _one(messages.INVALID_BUTTON)

    async def _menu_qa(self, context: _Context) -> list[Reply]:
        return _one(messages.QA_PROMPT, self._suggestions(messages.QA_SUGGESTIONS))

    async def _menu_topic(self, context: _Context, *, question: str, suggestions: Sequence[str]) -> list[Reply]:
        """A topic entry: answer its representative question, then offer related ones."""
        replies = await self._answer(context, question)
        return [*replies, Reply(text=messages.SUGGESTIONS_INTRO, buttons=self._suggestions(suggestions))]

    # ------------------------------------------------------------------ quiz (bot.quiz)

    async def _menu_quiz(self, context: _Context) -> list[Reply]:
        """``/quiz`` and ``menu:quiz``: start, resume or ask for the unit first."""
        return await self.quiz.start(context.user_id)

    async def _unit(self, context: _Context) -> list[Reply]:
        """``/donvi``: change the unit the user's results count for."""
        return await self.quiz.choose_unit(context.user_id)

    async def _quiz_button(self, context: _Context, rest: str) -> list[Reply]:
        """``qz:…`` buttons: answers, unit choices, start/resume."""
        return await self.quiz.on_payload(context.user_id, rest)

    async def _report(self, context: _Context) -> list[Reply]:
        """Admin ``/baocao [from] [to]``: awareness by unit (text + chart), then CSV files."""
        return await self.quiz.report(context.args)

    @staticmethod
    def _suggestions(questions: Sequence[str]) -> list[list[Button]]:
        return [[button(short_label(q, LABEL_CHARS), f"ask:{q}")] for q in questions]

    # ------------------------------------------------------------------ questions

    async def _ask(self, context: _Context, question: str) -> list[Reply]:
        question = question.strip()
        if not question or len(question) > self._settings.max_question_chars:
            return _one(messages.INVALID_BUTTON)
        return await self._answer(context, question)

    async def _answer(self, context: _Context, question: str) -> list[Reply]:
        """Answer from the knowledge base (in a thread: it is CPU-bound), log it, add buttons."""
        started = time.perf_counter()
        try:
            answer = await asyncio.to_thread(self._knowledge.answer, question)
        except StoreError:
            log.warning("Question received before a store was loaded", exc_info=True)
            return _one(messages.NOT_READY)
        log_id = await self._storage.log_question(
            user_id=context.user_id,
            channel=context.incoming.channel,
            question=question,
            found=answer.found,
            top_score=answer.top_score,
            latency_ms=round((time.perf_counter() - started) * 1000),
            cited_chunk_ids=[source.chunk_id for source in answer.sources],
        )
        return _one(answer.answer, self._answer_buttons(answer, log_id))

    @staticmethod
    def _answer_buttons(answer: Answer, log_id: int) -> list[list[Button]]:
        """"Xem thêm" for the 2nd and 3rd sources (found answers only), then 👍 / 👎."""
        rows: list[list[Button]] = []
        if answer.found:
            start = MORE_SOURCES.start or 0
            for index, source in enumerate(answer.sources[MORE_SOURCES], start=start):
                heading = source.heading or source.title or messages.MORE_FALLBACK_HEADING.format(number=index + 1)
                label = short_label(messages.MORE_BUTTON.format(heading=heading), LABEL_CHARS)
                rows.append([button(label, f"more:{index}:{log_id}")])
        rows.append(
            [
                button(messages.FEEDBACK_UP_BUTTON, f"fb:up:{log_id}"),
                button(messages.FEEDBACK_DOWN_BUTTON, f"fb:down:{log_id}"),
            ]
        )
        return rows

    async def _more(self, context: _Context, rest: str) -> list[Reply]:
        """``more:<n>:<log id>``: the n-th cited source of a logged answer, with its citation."""
        index_text, _, log_text = rest.partition(":")
        if not (index_text.isdigit() and log_text.isdigit()):
            return _one(messages.INVALID_BUTTON)
        logged = await self._storage.logged_question(log_id=int(log_text))
        index = int(index_text)
        if logged is None or index >= len(logged.cited_chunk_ids):
            return _one(messages.INVALID_BUTTON)
        try:
            text = self._source_text(logged.cited_chunk_ids[index])
        except StoreError:
            return _one(messages.NOT_READY)
        return _one(text or messages.MORE_GONE)

    def _source_text(self, chunk_id: str) -> str | None:
        """A chunk of the live store as heading, excerpt and citation; None if a rebuild removed it.

        A linear scan: stores hold hundreds to a few thousand chunks and a press is rare.
        """
        store = self._knowledge.answerer.retriever.store
        chunk = next((c for c in store.chunks if c.chunk_id == chunk_id), None)
        meta = store.documents.get(chunk.doc_id) if chunk else None
        if chunk is None or meta is None:
            return None
        body = trim_at_line(chunk.text, MORE_TEXT_CHARS)
        heading = chunk.heading_path[-1] if chunk.heading_path else ""
        text = f"{heading}:\n{body}" if heading else body
        text += f"\n\n{messages.CITATION_PREFIX} {citation(meta, chunk)}."
        note = replaced_note(meta)
        return f"{text}\n{note}" if note else text

    async def _feedback(self, context: _Context, rest: str) -> list[Reply]:
        """``fb:<up|down>:<log id>``: store the vote (a second vote replaces the first)."""
        direction, _, log_text = rest.partition(":")
        value = {"up": 1, "down": -1}.get(direction)
        if value is None or not log_text.isdigit():
            return _one(messages.INVALID_BUTTON)
        stored = await self._storage.record_feedback(
            question_log_id=int(log_text), user_id=context.user_id, value=value
        )
        if not stored:
            return _one(messages.INVALID_BUTTON)
        return _one(messages.FEEDBACK_UP_THANKS if value > 0 else messages.FEEDBACK_DOWN_THANKS)

    # ------------------------------------------------------------------ admin

    async def _stats(self, context: _Context) -> list[Reply]:
        return _one(format_stats(await self._storage.stats()))

    async def _gaps(self, context: _Context) -> list[Reply]:
        groups = await self._storage.gaps(limit=GAP_GROUPS, days=GAP_DAYS)
        return _one(format_gaps(groups, GAP_DAYS))

    async def _reload(self, context: _Context) -> list[Reply]:
        """Rebuild from knowledge/ in a thread; a second request while one runs is told to wait."""
        if self._rebuild_lock.locked():
            return _one(messages.RELOAD_BUSY)
        async with self._rebuild_lock:
            try:
                report = await self._rebuild()
            except Exception as exc:
                return _one(self._rebuild_failed(exc))
        return _one(format_build_report(report))

    async def _rebuild(self) -> BuildReport:
        """The knowledge base's atomic rebuild, off the event loop (callers hold the lock)."""
        return await asyncio.to_thread(self._knowledge.rebuild)

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

    async def _upload(self, context: _Context) -> list[Reply]:
        """An admin's document: check type and size, then validate, save and rebuild under the lock."""
        incoming = context.incoming
        if not context.is_admin:
            return _one(messages.UPLOAD_ADMIN_ONLY)
        file_name = safe_file_name(incoming.document_name or "")
        shown = short_label(incoming.document_name or file_name, ECHO_NAME_CHARS)
        limit = self._settings.max_upload_bytes
        if "." + file_name.rpartition(".")[2] not in SUPPORTED_EXTENSIONS:
            extensions = ", ".join(sorted(SUPPORTED_EXTENSIONS))
            return _one(messages.UPLOAD_BAD_TYPE.format(name=shown, extensions=extensions))
        data = incoming.document_bytes
        if data is None:
            return _one(messages.UPLOAD_NOT_RECEIVED.format(name=shown, limit_mb=limit / 2**20))
        if len(data) > limit:
            return _one(messages.UPLOAD_TOO_LARGE.format(name=shown, size_mb=len(data) / 2**20, limit_mb=limit / 2**20))
        if self._rebuild_lock.locked():
            return _one(messages.RELOAD_BUSY)
        async with self._rebuild_lock:
            return _one(await self._install_upload(shown, file_name, data))

    async def _install_upload(self, shown: str, file_name: str, data: bytes) -> str:
        """Validate in a scratch dir, save atomically to knowledge/uploads, rebuild; undo on failure."""
        try:
            await asyncio.to_thread(validate_document, file_name, data)
        except DocumentReadError as exc:
            return messages.UPLOAD_INVALID.format(name=shown, reason=exc.reason)
        upload_dir = self._settings.knowledge_dir / UPLOAD_SUBDIR
        clash = conflicting_document(upload_dir, file_name)
        if clash is not None:
            return messages.UPLOAD_NAME_TAKEN.format(name=shown, existing=clash.name)
        target = upload_dir / file_name
        if target.resolve().parent != upload_dir.resolve():  # safe_file_name guarantees this
            raise ValueError(f"upload name {file_name!r} escapes {upload_dir}")
        previous = await asyncio.to_thread(install_document, target, data)
        try:
            report = await self._rebuild()
        except Exception as exc:
            await asyncio.to_thread(restore_document, target, previous)
            return self._rebuild_failed(exc)
        saved = messages.UPLOAD_REPLACED if previous is not None else messages.UPLOAD_SAVED
        return saved.format(name=shown, saved=file_name) + "\n" + format_build_report(report)
