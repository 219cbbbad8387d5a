"""The channel-agnostic assistant: one :class:`Incoming` in, a list of :class:`Reply` out.

Routing is table-driven: commands (``/start``), button payloads (decoded by
``bot.payloads``, one home for every format) and menu entries each map to a small async
handler, so adding a feature is one method and one table entry. Channel adapters only
translate and render.

Questions go through the conversation (``bot.dialogue.conversation``): the last answer's
subject is remembered per user, so "còn lệ phí thì sao?" is answered about it. The quiz
lives in ``bot.quiz`` and the admin workflows in ``bot.dialogue.admin``; this module only
dispatches to them.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace

from bot import messages, payloads
from bot.answer.citations import citation
from bot.answer.models import Answer
from bot.answer.validity import replaced_note
from bot.config import Settings
from bot.contest.flow import ContestFlow
from bot.curated.service import CuratedAnswers
from bot.dialogue.admin import AdminTools
from bot.dialogue.answer_reply import LABEL_CHARS, answer_reply, sources_text
from bot.dialogue.conversation import ConversationState, Conversations
from bot.dialogue.models import Button, Incoming, Reply
from bot.dialogue.render import short_label, trim_at_line
from bot.dialogue.sender import Sender
from bot.knowledge import KnowledgeBase
from bot.quiz.flow import QuizFlow
from bot.storage.database import Storage
from bot.storage.models import LoggedQuestion
from bot.survey.flow import SurveyFlow
from indexer.errors import StoreError
from indexer.readers import SUPPORTED_EXTENSIONS

log = logging.getLogger(__name__)

# Telegram's callback_data limit (``bot.payloads`` enforces it for every payload).
PAYLOAD_MAX_BYTES = payloads.MAX_BYTES
# A source excerpt fits one phone screen; the full text is in the cited document.
MORE_TEXT_CHARS = 800
# admin_ids are Telegram user ids (see Settings); the same digits on a web or Zalo
# channel are someone else, so admin rights are granted on Telegram only.
ADMIN_CHANNELS = frozenset({"telegram"})


@dataclass(frozen=True)
class _Context:
    """One event plus what every handler needs to know about its sender."""

    incoming: Incoming
    sender: Sender
    is_admin: bool
    args: str = ""

    @property
    def user_id(self) -> int | None:
        """The sender's ``users.id``; None while nothing has been stored for them."""
        return self.sender.known_id


Handler = Callable[[_Context], Awaitable[list[Reply]]]
PayloadHandler = Callable[[_Context, payloads.Payload], Awaitable[list[Reply]]]


def button(label: str, payload: payloads.Payload) -> Button:
    """A button whose payload every channel accepts (encoded by ``bot.payloads``)."""
    return Button(label=label, payload=payloads.encode(payload))


def _one(text: str, buttons: list[list[Button]] | None = None) -> list[Reply]:
    return [Reply(text=text, buttons=buttons or [])]


class Assistant:
    """Commands, menus, cited answers, follow-ups, feedback and admin tools over one knowledge base."""

    def __init__(self, knowledge: KnowledgeBase, storage: Storage, settings: Settings) -> None:
        """Wire the dispatch tables; cheap, so a channel can build it at start-up.

        Args:
            knowledge: The live knowledge base (answers, rebuilds).
            storage: Open storage (users, question log, feedback, conversation state).
            settings: Limits, admin ids and the knowledge directory.
        """
        self._knowledge = knowledge
        self._storage = storage
        self._settings = settings
        self.admin = AdminTools(knowledge, storage, settings)
        self.conversations = Conversations(storage)
        self.quiz = QuizFlow(storage, settings)
        self.survey = SurveyFlow(storage, settings)
        self.contest = ContestFlow(storage, settings)
        self.curated = CuratedAnswers(storage)  # admins' answers to known gaps, asked before retrieval
        self._commands: dict[str, Handler] = {
            "start": self._start,
            "help": self._help,
            "quiz": self._menu_quiz,
            "donvi": self._unit,
            "khaosat": self._survey_start,
            "hoithi": self._contest_start,
            "ketqua": self._contest_results,
            "thamgia": self._join,
        }
        self._admin_commands: dict[str, Handler] = {
            "reload": self._reload,
            "stats": self._stats,
            "gaps": self._gaps,
            "baocao": self._report,
            "mohoithi": self._contest_open,
            "donghoithi": self._contest_close,
        }
        self._payloads: dict[type, PayloadHandler] = {
            payloads.Menu: self._menu,
            payloads.Ask: self._ask,
            payloads.More: self._more,
            payloads.Sources: self._sources,
            payloads.Feedback: self._feedback,
            payloads.Pick: self._pick,
            payloads.Quiz: self._quiz_button,
            payloads.Survey: self._survey_button,
            payloads.Contest: self._contest_button,
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
        """Look up (and refresh) the sender and decide whether they are an admin; no row is created here."""
        is_admin = incoming.channel in ADMIN_CHANNELS and incoming.user_id in self._settings.admin_ids
        sender = await Sender.look_up(self._storage, incoming, role="admin" if is_admin else "user")
        return _Context(incoming=incoming, sender=sender, is_admin=is_admin)

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

    async def _on_payload(self, context: _Context, raw: str) -> list[Reply]:
        """Dispatch a button press; anything malformed, forged or stale gets a polite note."""
        payload = payloads.decode(raw)
        handler = self._payloads.get(type(payload)) if payload is not None else None
        if handler is None or payload is None:
            return _one(messages.INVALID_BUTTON)
        return await handler(context, payload)

    # ------------------------------------------------------------------ menus and help

    async def _start(self, context: _Context) -> list[Reply]:
        """Greeting and the main menu; a new start forgets the conversation's subject."""
        if context.user_id is not None:
            await self.conversations.clear(context.user_id)
        name = context.incoming.display_name.strip()
        greeting = messages.GREETING.format(name=f", {name}" if name else "")
        enrolled = await self.quiz.enrolment.on_start(context.sender, context.args)  # /start <invite token>
        return _one(f"{greeting}\n\n{enrolled}" if enrolled else greeting, self._main_menu())

    @staticmethod
    def _main_menu() -> list[list[Button]]:
        return [
            [button(messages.MENU_QA, payloads.Menu("qa"))],
            [button(messages.MENU_DVC, payloads.Menu("dvc"))],
            [button(messages.MENU_MOTCUA, payloads.Menu("motcua"))],
            [button(messages.MENU_QUIZ, payloads.Menu("quiz")), button(messages.MENU_HELP, payloads.Menu("help"))],
        ]

    async def _help(self, context: _Context) -> list[Reply]:
        """What the assistant does and its commands (admin commands for admins only)."""
        text = messages.HELP + messages.HELP_QUIZ + messages.HELP_ENROL + messages.HELP_SURVEY + messages.HELP_CONTEST
        if context.is_admin:
            text += messages.HELP_ADMIN.format(extensions=", ".join(sorted(SUPPORTED_EXTENSIONS)))
            text += messages.HELP_ADMIN_QUIZ + messages.HELP_ADMIN_CONTEST
        return _one(text)

    async def _menu(self, context: _Context, payload: payloads.Payload) -> list[Reply]:
        """A start-menu entry (``menu:``): the menu starts a new conversation."""
        assert isinstance(payload, payloads.Menu)
        if context.user_id is not None:
            await self.conversations.clear(context.user_id)
        return await self._menus[payload.entry](context)

    async def _menu_qa(self, context: _Context) -> list[Reply]:
        return _one(messages.QA_PROMPT, self._suggestions(messages.QA_SUGGESTIONS))

    async def _menu_topic(self, context: _Context, *, question: str, suggestions: Sequence[str]) -> list[Reply]:
        """A topic entry: answer its representative question, then offer related ones."""
        replies = await self._answer(context, question)
        return [*replies, Reply(text=messages.SUGGESTIONS_INTRO, buttons=self._suggestions(suggestions))]

    # ------------------------------------------------------------------ quiz (bot.quiz)

    async def _menu_quiz(self, context: _Context) -> list[Reply]:
        """``/quiz`` and ``menu:quiz``: start, resume or ask for the unit first."""
        return await self.quiz.start(await context.sender.stored_id())

    async def _unit(self, context: _Context) -> list[Reply]:
        """``/donvi``: change the unit the user's results count for."""
        return await self.quiz.choose_unit(await context.sender.stored_id())

    async def _join(self, context: _Context) -> list[Reply]:
        """``/thamgia <code>``: enrol in a unit with an invite (``bot.quiz.enrolment``)."""
        return _one(await self.quiz.enrolment.redeem(context.sender, context.args))

    async def _quiz_button(self, context: _Context, payload: payloads.Payload) -> list[Reply]:
        """``qz:…`` buttons: answers, unit choices, start/resume."""
        assert isinstance(payload, payloads.Quiz)
        return await self.quiz.on_payload(await context.sender.stored_id(), payload)

    async def _report(self, context: _Context) -> list[Reply]:
        """Admin ``/baocao [from] [to]``: awareness by unit (text + chart), CSV files, then both targets (survey)."""
        return [*await self.quiz.report(context.args), *await self.survey.report(context.args, self.quiz.units())]

    # ------------------------------------------------------------------ survey (bot.survey)

    async def _survey_start(self, context: _Context) -> list[Reply]:
        return await self.survey.start(context.incoming)

    async def _survey_button(self, context: _Context, payload: payloads.Payload) -> list[Reply]:
        assert isinstance(payload, payloads.Survey)
        return await self.survey.on_payload(context.incoming, payload)

    # ------------------------------------------------------------------ contests (bot.contest)

    async def _contest_start(self, context: _Context) -> list[Reply]:
        return await self.contest.start(await context.sender.stored_id())

    async def _contest_button(self, context: _Context, payload: payloads.Payload) -> list[Reply]:
        assert isinstance(payload, payloads.Contest)
        return await self.contest.on_payload(await context.sender.stored_id(), payload)

    async def _contest_results(self, context: _Context) -> list[Reply]:
        return await self.contest.results(context.args, is_admin=context.is_admin)

    async def _contest_open(self, context: _Context) -> list[Reply]:
        return await self.contest.open_round(context.args)

    async def _contest_close(self, context: _Context) -> list[Reply]:
        return await self.contest.close_round(context.args)

    @staticmethod
    def _suggestions(questions: Sequence[str]) -> list[list[Button]]:
        return [[button(short_label(q, LABEL_CHARS), payloads.Ask(q))] for q in questions]

    # ------------------------------------------------------------------ questions

    async def _ask(self, context: _Context, payload: payloads.Payload) -> list[Reply]:
        """A suggested question (``ask:``), answered as if typed."""
        assert isinstance(payload, payloads.Ask)
        question = payload.question.strip()
        if not question or len(question) > self._settings.max_question_chars:
            return _one(messages.INVALID_BUTTON)
        return await self._answer(context, question)

    async def _answer(self, context: _Context, question: str, *, about: str | None = None) -> list[Reply]:
        """Answer from the knowledge base (in a thread: it is CPU-bound), log it, remember its subject.

        Args:
            context: The event and its sender.
            question: As typed (or as first asked, when a version was picked).
            about: A catalogue procedure id to answer about (the version picked).
        """
        started = time.perf_counter()
        user_id = await context.sender.stored_id()  # the question is logged under it
        state = await self.conversations.get(user_id)
        try:
            if about is not None:
                answer = await asyncio.to_thread(self._knowledge.answer_about, question, about)
            elif (curated := await self.curated.answer(question)) is not None:
                answer = curated  # an admin's answer to a known gap (bot/curated), before retrieval
            else:
                asked = await self._standalone(question, state) if state.subject is not None else question
                answer = await self._knowledge.answer_async(asked, state.subject)
        except StoreError:
            log.warning("Question received before a store was loaded", exc_info=True)
            return _one(messages.NOT_READY)
        log_id = await self._log(context, question, answer, started)
        await self.conversations.remember(user_id, answer, log_id)
        return [answer_reply(answer, log_id)]

    async def _standalone(self, question: str, state: ConversationState) -> str:
        """The question as a model rewrites it with the conversation's subject (when a model is set).

        The deterministic follow-up rule (``bot.answer.followup``) still runs on what comes
        back, with the same subject; without a model, or when the model fails, the question
        is used as typed.
        """
        subject = state.subject
        if subject is None:
            return question
        summary = " ".join(filter(None, [subject.topic, subject.section]))
        rewritten = await self._knowledge.rewrite_followup_async(question, summary)
        return rewritten or question

    async def _log(self, context: _Context, question: str, answer: Answer, started: float) -> int:
        return await self._storage.log_question(
            user_id=context.user_id,
            channel=context.incoming.channel,
            question=question,
            found=answer.found,
            top_score=answer.top_score,
            latency_ms=round((time.perf_counter() - started) * 1000),
            cited_chunk_ids=[source.chunk_id for source in answer.sources],
        )

    async def _own_logged(self, context: _Context, log_id: int) -> LoggedQuestion | None:
        """The logged answer ``log_id`` if it was shown to this user (a button refers only to those)."""
        if context.user_id is None:  # nothing was ever logged for this sender
            return None
        logged = await self._storage.logged_question(log_id=log_id)
        return logged if logged is not None and logged.user_id == context.user_id else None

    async def _pick(self, context: _Context, payload: payloads.Payload) -> list[Reply]:
        """``pick:<n>:<log id>``: an option of the clarifying question this user was just asked."""
        assert isinstance(payload, payloads.Pick)
        if context.user_id is None:
            return _one(messages.CHOICE_STALE)
        state = await self.conversations.get(context.user_id)
        if state.choices_log_id != payload.log_id or payload.index >= len(state.choices):
            return _one(messages.CHOICE_STALE)
        choice = state.choices[payload.index]
        if choice.procedure_id is None:
            return await self._answer(context, choice.question)
        return await self._answer(context, choice.question, about=choice.procedure_id)

    async def _more(self, context: _Context, payload: payloads.Payload) -> list[Reply]:
        """``more:<n>:<log id>``: the n-th cited source of a logged answer, with its citation."""
        assert isinstance(payload, payloads.More)
        logged = await self._own_logged(context, payload.log_id)
        if logged is None or payload.index >= len(logged.cited_chunk_ids):
            return _one(messages.INVALID_BUTTON)
        try:
            chunk_id = logged.cited_chunk_ids[payload.index]
            text = self.curated.source_text(chunk_id) or self._source_text(chunk_id)
        except StoreError:
            return _one(messages.NOT_READY)
        return _one(text or messages.MORE_GONE)

    async def _sources(self, context: _Context, payload: payloads.Payload) -> list[Reply]:
        """``src:<log id>``: every source of a logged answer, one citation per line."""
        assert isinstance(payload, payloads.Sources)
        logged = await self._own_logged(context, payload.log_id)
        if logged is None:
            return _one(messages.INVALID_BUTTON)
        try:
            citations = [c for c in (self._citation(chunk_id) for chunk_id in logged.cited_chunk_ids) if c]
        except StoreError:
            return _one(messages.NOT_READY)
        return _one(sources_text(list(dict.fromkeys(citations))) if citations else messages.MORE_GONE)

    def _chunk(self, chunk_id: str):  # noqa: ANN202 - (Chunk, DocumentMeta) | None
        """A chunk of the live store and its document; None if a rebuild removed it.

        A linear scan: stores hold hundreds to a few thousand chunks and a press is rare.
        """
        store = self._knowledge.answerer.retriever.store
        chunk = next((c for c in store.chunks if c.chunk_id == chunk_id), None)
        meta = store.documents.get(chunk.doc_id) if chunk else None
        return (chunk, meta) if chunk is not None and meta is not None else None

    def _citation(self, chunk_id: str) -> str | None:
        found = self._chunk(chunk_id)
        return citation(found[1], found[0]) if found else None

    def _source_text(self, chunk_id: str) -> str | None:
        """A chunk of the live store as heading, excerpt and citation; None if a rebuild removed it."""
        found = self._chunk(chunk_id)
        if found is None:
            return None
        chunk, meta = found
        body = trim_at_line(chunk.text, MORE_TEXT_CHARS)
        heading = chunk.heading_path[-1] if chunk.heading_path else ""
        text = f"{heading}:\n{body}" if heading else body
        text += f"\n\n{messages.CITATION_PREFIX} {citation(meta, chunk)}."
        note = replaced_note(meta)
        return f"{text}\n{note}" if note else text

    async def _feedback(self, context: _Context, payload: payloads.Payload) -> list[Reply]:
        """``fb:<up|down>:<log id>``: store the vote on this user's own answer (a second vote replaces the first)."""
        assert isinstance(payload, payloads.Feedback)
        if await self._own_logged(context, payload.log_id) is None:
            return _one(messages.INVALID_BUTTON)
        value = 1 if payload.up else -1
        user_id = await context.sender.stored_id()
        stored = await self._storage.record_feedback(question_log_id=payload.log_id, user_id=user_id, value=value)
        if not stored:
            return _one(messages.INVALID_BUTTON)
        thanks = _one(messages.FEEDBACK_UP_THANKS if payload.up else messages.FEEDBACK_DOWN_THANKS)
        return thanks + (await self.survey.after_helpful(context.incoming) if payload.up else [])

    # ------------------------------------------------------------------ admin (bot.dialogue.admin)

    async def _stats(self, context: _Context) -> list[Reply]:
        return _one(await self.admin.stats())

    async def _gaps(self, context: _Context) -> list[Reply]:
        return _one(await self.admin.gaps())

    async def _reload(self, context: _Context) -> list[Reply]:
        return _one(await self.admin.reload())

    async def _upload(self, context: _Context) -> list[Reply]:
        if not context.is_admin:
            return _one(messages.UPLOAD_ADMIN_ONLY)
        incoming = context.incoming
        return _one(await self.admin.upload(incoming.document_name, incoming.document_bytes))
