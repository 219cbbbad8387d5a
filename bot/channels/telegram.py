"""Telegram adapter: python-telegram-bot updates → ``Incoming`` → ``Assistant`` → rendered ``Reply``.

The only module in the project that imports ``telegram``. Everything the bot *says* is
decided by the channel-agnostic core (``Assistant.handle``); this file only translates
(update → :class:`~bot.dialogue.models.Incoming`) and renders (:class:`~bot.dialogue.models.Reply`
→ Bot API calls), so a handler stays a few lines long.

Two ways to run it:

* Long polling (``cchc telegram`` → :func:`run_polling`): no public URL needed, the usual
  choice for a single office server behind NAT.
* Webhook (``cchc serve``): build with ``build_application(..., polling=False)`` so the
  application has no ``Updater``, start it in the server's lifespan, and let the route use
  :class:`TelegramWebhook`, which checks the secret header, records the update durably and
  runs it through the application.
"""

from __future__ import annotations

import asyncio
import hmac
import html
import logging
import signal
from collections.abc import Callable
from typing import Any, Protocol

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Poll as TelegramPoll, Update
from telegram.constants import ChatAction, InlineKeyboardButtonLimit, MessageLimit, ParseMode, PollLimit
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    PollAnswerHandler,
    filters,
)

from bot import messages
from bot.answer.models import Answer
from bot.channels import textsplit
from bot.channels.durable import DurableEvents, InboxLike, Work
from bot.config import Settings
from bot.dialogue.assistant import Assistant
from bot.dialogue.models import Button, Incoming, Poll, Reply
from bot.dialogue.ratelimit import RateLimiter, handle_limited
from bot.knowledge import KnowledgeBase
from bot.storage.database import Storage
from bot.storage.polls import TelegramPolls

log = logging.getLogger(__name__)

# Updates handled at once. Sequential processing (PTB's default) would make every user
# wait behind a slow admin /reload or a document upload; 64 is far above what one office
# bot sees concurrently yet bounds memory if a backlog arrives after downtime.
CONCURRENT_UPDATES = 64
# RetryAfter (HTTP 429) is retried this many times by the rate limiter before the send fails.
RATE_LIMIT_RETRIES = 3
# Telegram counts message length in UTF-16 code units after entity parsing.
TEXT_LIMIT: int = MessageLimit.MAX_TEXT_LENGTH
DEFAULT_FILE_NAME = "tai-lieu"


class AssistantLike(Protocol):
    """What the adapter needs from the core (``bot.dialogue.assistant.Assistant``)."""

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """Answer one user event with zero or more replies."""
        ...


class PollsLike(Protocol):
    """Where sent quiz polls are remembered (``bot.storage.polls.TelegramPolls``, or :class:`MemoryPolls`)."""

    async def remember(self, poll_id: str, chat_id: int, payloads: list[str]) -> None:
        """Record the payload behind each option of a poll sent to ``chat_id``."""
        ...

    async def recall(self, poll_id: str) -> tuple[int, list[str]] | None:
        """(chat id, payloads) of a poll we sent, or None."""
        ...


# --------------------------------------------------------------------------- rendering


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Split a reply into messages Telegram accepts, keeping paragraphs whole when possible.

    Paragraph boundaries first, then line breaks, then spaces, and only then a hard cut, so
    a long legal excerpt is never broken mid-word unless a single "word" exceeds the limit.
    Splitting happens on the raw text, before HTML escaping: Telegram's limit applies to the
    text after entity parsing, and escaping each part separately can never cut ``&amp;``.

    Args:
        text: the reply text (plain, unescaped).
        limit: maximum UTF-16 code units per part.

    Returns:
        Non-empty, stripped parts in order; an empty list for blank text.
    """
    if limit < 2:
        raise ValueError(f"limit must be at least 2 UTF-16 units, got {limit}")
    return textsplit.split_text(text, limit, textsplit.utf16_units)


def answer_html(answer: Answer) -> str:
    """An answer laid out for Telegram: the direct answer in bold, the citation in italics."""
    lines = [f"<b>{html.escape(answer.direct, quote=False)}</b>"]
    lines += [html.escape(line, quote=False) for line in answer.details]
    text = "\n".join(lines)
    if answer.citation is not None:
        text += f"\n\n<i>{html.escape(f'{messages.CITATION_PREFIX} {answer.citation.text}.', quote=False)}</i>"
    return "\n".join([text, *(html.escape(note, quote=False) for note in answer.notes)])


def build_keyboard(rows: list[list[Button]]) -> InlineKeyboardMarkup | None:
    """Inline keyboard for ``Reply.buttons``; labels are plain text (Telegram never parses them).

    Raises:
        ValueError: a payload longer than Telegram's 64-byte ``callback_data`` limit (a core
            bug, reported with the payload rather than as an opaque BUTTON_DATA_INVALID).
    """
    if not rows:
        return None
    limit = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA
    for row in rows:
        for button in row:
            if len(button.payload.encode()) > limit:
                raise ValueError(f"button payload {button.payload!r} exceeds Telegram's {limit}-byte limit")
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.payload) for b in row] for row in rows if row]
    )


async def render(bot: Bot, chat_id: int, reply: Reply, polls: PollsLike | None = None) -> None:
    """Send one ``Reply``: text parts (HTML-escaped), then image, then file.

    The keyboard goes on the last message sent, so the buttons sit under the end of the
    answer the user has just read. With ``polls`` (``CCHC_TELEGRAM_QUIZ_POLLS`` on), a reply
    carrying a ``poll`` is sent as a native quiz poll instead of its text and buttons.
    """
    if reply.poll is not None and polls is not None:
        await send_poll(bot, chat_id, reply, reply.poll, polls)
        return
    markup = build_keyboard(reply.buttons)
    last = "document" if reply.file_bytes is not None else "photo" if reply.image_png is not None else "text"
    answer = answer_html(reply.answer) if reply.answer is not None else None
    if answer is not None and textsplit.utf16_units(answer) <= TEXT_LIMIT:
        parts = [answer]
    else:
        parts = [html.escape(part, quote=False) for part in split_text(reply.text)]
    for index, part in enumerate(parts):
        keyboard = markup if last == "text" and index == len(parts) - 1 else None
        await bot.send_message(chat_id, part, parse_mode=ParseMode.HTML, reply_markup=keyboard)
    if reply.image_png is not None:
        await bot.send_photo(chat_id, photo=reply.image_png, reply_markup=markup if last == "photo" else None)
    if reply.file_bytes is not None:
        name = reply.file_name or DEFAULT_FILE_NAME
        await bot.send_document(chat_id, document=reply.file_bytes, filename=name, reply_markup=markup)
    if not parts and last == "text":
        log.warning("Empty reply for chat %s ignored", chat_id)


# --------------------------------------------------------------------------- quiz polls (issue 14)

# A poll remembered in memory when no storage is given (tests, benchmarks): bounded like Zalo's options.
MEMORY_POLLS = 20_000
# A poll is recorded once sendPoll has returned its id, while updates run concurrently: a vote
# arriving in that gap (milliseconds; no person reads and votes that fast, a script can) is
# looked up once more after this pause before it is refused.
RECALL_RETRY_S = 0.5


class MemoryPolls:
    """Sent polls kept in memory (lost at a restart); production passes ``TelegramPolls``."""

    def __init__(self, limit: int = MEMORY_POLLS) -> None:
        self._limit = limit
        self._polls: dict[str, tuple[int, list[str]]] = {}

    async def remember(self, poll_id: str, chat_id: int, payloads: list[str]) -> None:
        self._polls[poll_id] = (chat_id, list(payloads))
        while len(self._polls) > self._limit:
            self._polls.pop(next(iter(self._polls)))

    async def recall(self, poll_id: str) -> tuple[int, list[str]] | None:
        return self._polls.get(poll_id)


def poll_fits(poll: Poll) -> bool:
    """Whether the question and every option fit Telegram's poll limits as they are."""
    return (
        len(poll.question) <= PollLimit.MAX_QUESTION_LENGTH
        and 2 <= len(poll.options) <= PollLimit.MAX_OPTION_NUMBER
        and all(1 <= len(option) <= PollLimit.MAX_OPTION_LENGTH for option in poll.options)
    )


def _explanation(text: str) -> str | None:
    """The poll's explanation on one line within Telegram's 200 characters (None when empty)."""
    flat = " ".join(text.split())
    limit = PollLimit.MAX_EXPLANATION_LENGTH
    return (flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…") or None


async def send_poll(bot: Bot, chat_id: int, reply: Reply, poll: Poll, polls: PollsLike) -> None:
    """A question as a quiz poll; options too long for a poll go in a message and the poll shows letters.

    The poll is not anonymous (Telegram sends ``poll_answer`` updates only for those), and
    each option's payload is remembered so the vote comes back as that button's press.
    """
    if poll_fits(poll):
        if poll.lead:
            for part in split_text(poll.lead):
                await bot.send_message(chat_id, html.escape(part, quote=False), parse_mode=ParseMode.HTML)
        question, options = poll.question, poll.options
    else:
        for part in split_text(reply.text):
            await bot.send_message(chat_id, html.escape(part, quote=False), parse_mode=ParseMode.HTML)
        question, options = messages.POLL_CHOOSE, poll.labels
    sent = await bot.send_poll(
        chat_id, question, options, is_anonymous=False,
        type=TelegramPoll.QUIZ if poll.correct is not None else TelegramPoll.REGULAR,
        correct_option_ids=[poll.correct] if poll.correct is not None else None,
        explanation=_explanation(poll.explanation) if poll.correct is not None else None,
        open_period=poll.open_seconds,
    )
    if sent.poll is not None:
        await polls.remember(sent.poll.id, chat_id, poll.payloads)


async def on_poll_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A vote in one of our quiz polls: the press of the option's button, answered in the poll's chat.

    A retracted vote (no options) is ignored; a poll we do not know (older than a week, or
    sent before polls were switched on) reaches the core as an empty payload, which it
    answers with its polite "this button is no longer valid".
    """
    answer = update.poll_answer
    polls: PollsLike | None = context.bot_data.get("polls")
    if answer is None or not answer.option_ids or answer.user is None:
        return
    known = await polls.recall(answer.poll_id) if polls is not None else None
    if known is None and polls is not None:  # the vote raced the record of its poll (see RECALL_RETRY_S)
        await asyncio.sleep(RECALL_RETRY_S)
        known = await polls.recall(answer.poll_id)
    chat_id, options = known if known is not None else (answer.user.id, [])
    option = answer.option_ids[0]
    payload = options[option] if 0 <= option < len(options) else ""
    await respond(update, context, _incoming(update, kind="button", payload=payload), chat_id=chat_id)


# --------------------------------------------------------------------------- translating


def _assistant(context: ContextTypes.DEFAULT_TYPE) -> AssistantLike:
    assistant: AssistantLike = context.bot_data["assistant"]
    return assistant


def _settings(context: ContextTypes.DEFAULT_TYPE) -> Settings:
    settings: Settings = context.bot_data["settings"]
    return settings


def _incoming(update: Update, **fields: Any) -> Incoming:
    """An ``Incoming`` for the update's user; ``fields`` carries what arrived."""
    user = update.effective_user
    if user is None:  # channel posts have no user; the handlers' filters exclude them
        raise ValueError(f"update {update.update_id} has no user")
    return Incoming(channel="telegram", user_id=str(user.id), display_name=user.full_name, **fields)


def _command_text(text: str) -> str:
    """Drop the ``@BotName`` suffix Telegram adds to commands in groups (``/start@cchc_bot``)."""
    if not text.startswith("/"):
        return text
    head, _, rest = text.partition(" ")
    command = head.split("@", 1)[0]
    return f"{command} {rest}" if rest else command


async def respond(
    update: Update, context: ContextTypes.DEFAULT_TYPE, incoming: Incoming, chat_id: int | None = None
) -> None:
    """Show "typing…", ask the core, render every reply in order (in ``chat_id``, default the update's chat)."""
    if chat_id is None:
        chat = update.effective_chat
        chat_id = chat.id if chat is not None else int(incoming.user_id)
    await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    polls = context.bot_data.get("polls")  # set only when CCHC_TELEGRAM_QUIZ_POLLS is on
    for reply in await handle_limited(_assistant(context), context.bot_data.get("rate_limiter"), incoming):
        await render(context.bot, chat_id, reply, polls)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A typed message or command (commands are text the core routes)."""
    message = update.effective_message
    assert message is not None and message.text is not None  # guaranteed by filters.TEXT
    await respond(update, context, _incoming(update, text=_command_text(message.text)))


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An inline button press: acknowledge at once (stops the spinner), then let the core act."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    message_id = str(query.message.message_id) if query.message is not None else None
    await respond(update, context, _incoming(update, kind="button", payload=query.data, message_id=message_id))


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An uploaded file: downloaded only for an admin and only within the size limit.

    Anyone can send a file, so the bytes are fetched only when the core could accept them;
    otherwise ``document_bytes`` stays None and the core explains the refusal.
    """
    document = update.effective_message.document if update.effective_message else None
    assert document is not None
    data = None
    if _may_download(update, document.file_size, _settings(context)):
        data = bytes(await (await document.get_file()).download_as_bytearray())
    name = document.file_name or DEFAULT_FILE_NAME
    await respond(update, context, _incoming(update, kind="document", document_name=name, document_bytes=data))


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A sticker, photo, voice note…: the core answers with what it can do."""
    await respond(update, context, _incoming(update, kind="other"))


def _may_download(update: Update, file_size: int | None, settings: Settings) -> bool:
    """An admin's file whose declared size is within ``max_upload_bytes``."""
    user = update.effective_user
    is_admin = user is not None and str(user.id) in settings.admin_ids
    return is_admin and file_size is not None and file_size <= settings.max_upload_bytes


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure with its traceback and apologise in the chat; the bot keeps running."""
    log.error("Telegram update failed: %s", update if isinstance(update, Update) else None, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await context.bot.send_message(update.effective_chat.id, messages.TELEGRAM_ERROR)
    except TelegramError:
        log.warning("Could not send the apology to chat %s", update.effective_chat.id, exc_info=True)


# --------------------------------------------------------------------------- application


def file_base_url(base_url: str) -> str:
    """The file-download base matching a Bot API base (``…/bot`` → ``…/file/bot``).

    Telegram and the self-hosted Bot API server both serve files under ``/file/bot<token>``
    beside ``/bot<token>``; deriving it keeps one setting (``CCHC_TELEGRAM_BASE_URL``).

    Raises:
        ValueError: a base URL without a ``/bot`` segment to anchor on.
    """
    head, found, tail = base_url.rpartition("/bot")
    if not found:
        raise ValueError(
            f"CCHC_TELEGRAM_BASE_URL={base_url!r} has no '/bot' segment; "
            "expected e.g. 'https://api.telegram.org/bot' or 'http://localhost:8081/bot'"
        )
    return f"{head}/file/bot{tail}"


def build_application(
    settings: Settings,
    assistant: AssistantLike,
    *,
    polling: bool = True,
    rate_limit: bool = True,
    polls: PollsLike | None = None,
) -> Application:
    """Wire a PTB ``Application`` to the core.

    Args:
        settings: needs ``telegram_token``; ``telegram_base_url`` points at Telegram, a
            self-hosted Bot API server or the test stand-in.
        assistant: the channel-agnostic core.
        polling: False for webhook mode (no ``Updater``; updates arrive through
            :class:`TelegramWebhook`).
        rate_limit: False only to measure the bot itself against a stand-in API
            (``benchmarks/telegram_burst.py``); real Telegram needs the limiter.
        polls: where sent quiz polls are remembered when ``telegram_quiz_polls`` is on
            (``TelegramPolls`` over the database; in memory when None).

    Returns:
        The application, not yet initialised.

    Raises:
        ValueError: no token configured, or a base URL that cannot locate file downloads.
    """
    if settings.telegram_token is None:
        raise ValueError("CCHC_TELEGRAM_TOKEN is not set; the Telegram channel is off")
    builder = (
        Application.builder()
        .token(settings.telegram_token.get_secret_value())
        .base_url(settings.telegram_base_url)
        .base_file_url(file_base_url(settings.telegram_base_url))
        .concurrent_updates(CONCURRENT_UPDATES)
    )
    if rate_limit:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
    if not polling:
        builder = builder.updater(None)
    application = builder.build()
    limiter = RateLimiter(burst=settings.rate_limit_burst, per_minute=settings.rate_limit_per_minute)
    application.bot_data.update(assistant=assistant, settings=settings, rate_limiter=limiter)
    if settings.telegram_quiz_polls:
        application.bot_data["polls"] = polls if polls is not None else MemoryPolls()
    messages_only = filters.UpdateType.MESSAGE  # edits and channel posts are not questions
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(PollAnswerHandler(on_poll_answer))
    application.add_handler(MessageHandler(messages_only & filters.TEXT, on_text))
    application.add_handler(MessageHandler(messages_only & filters.Document.ALL, on_document))
    application.add_handler(MessageHandler(messages_only & ~filters.TEXT & ~filters.Document.ALL, on_other))
    application.add_error_handler(on_error)
    return application


class TelegramWebhook:
    """Webhook mode: authenticate each POST, record its update, run it through the application.

    The update is written to the inbox before the route answers 200 and closed once its
    handlers have run (see ``bot.channels.durable``): Telegram does not send an update
    again after a 200, so without the record a crash in between would lose it. The
    application must be built with ``polling=False`` and started; updates bypass its queue
    but keep its concurrency limit (``update_processor``).
    """

    def __init__(self, application: Application, settings: Settings, inbox: InboxLike) -> None:
        self.application = application
        self.settings = settings
        self.events = DurableEvents(inbox, self._handle, "Telegram")

    def authentic(self, secret_header: str | None) -> bool:
        """Whether the ``X-Telegram-Bot-Api-Secret-Token`` header carries our secret.

        Telegram echoes the ``secret_token`` given to ``setWebhook`` in that header. Without
        a configured secret anyone who guesses the URL could inject updates, so webhook
        mode refuses everything until ``CCHC_TELEGRAM_WEBHOOK_SECRET`` is set. The compare
        is constant-time.
        """
        expected = self.settings.telegram_webhook_secret
        if expected is None or secret_header is None:
            return False
        return hmac.compare_digest(secret_header.encode(), expected.get_secret_value().encode())

    async def accept(self, data: dict[str, Any]) -> Work | None:
        """Record an authentic POST's update; the work to run in the background, or None for a retry.

        Raises:
            ValueError: the body is not a Telegram update (answer 400).
        """
        update = self._update(data)
        return await self.events.accept(data, str(update.update_id))

    def _update(self, data: dict[str, Any]) -> Update:
        try:
            update = Update.de_json(data, self.application.bot)
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a Telegram update: {exc}") from exc
        if update is None:
            raise ValueError("not a Telegram update: empty body")
        return update

    async def _handle(self, data: dict[str, Any]) -> None:
        application = self.application
        update = self._update(data)
        await application.update_processor.process_update(update, application.process_update(update))


async def set_webhook(application: Application, url: str, settings: Settings) -> None:
    """Register ``url`` with Telegram, with the secret the route will check.

    Raises:
        ValueError: no ``CCHC_TELEGRAM_WEBHOOK_SECRET`` (an unauthenticated webhook is refused).
    """
    if settings.telegram_webhook_secret is None:
        raise ValueError("Set CCHC_TELEGRAM_WEBHOOK_SECRET before registering a webhook")
    await application.bot.set_webhook(
        url, secret_token=settings.telegram_webhook_secret.get_secret_value(), allowed_updates=Update.ALL_TYPES
    )


async def serve_polling(
    settings: Settings, knowledge: KnowledgeBase, stop: asyncio.Event | None = None
) -> None:
    """Open storage, build the core and poll until ``stop`` is set, SIGTERM or Ctrl+C.

    Storage is opened inside the running loop (aiosqlite binds to it) and always closed,
    also when start-up fails.
    """
    stop = stop or asyncio.Event()
    storage = await Storage.open(settings.database_target)
    remove_handler = _stop_on_sigterm(stop)
    try:
        application = build_application(settings, Assistant(knowledge, storage, settings), polls=TelegramPolls(storage))
        async with application:
            assert application.updater is not None
            await application.updater.start_polling(allowed_updates=Update.ALL_TYPES)
            await application.start()
            log.info("Telegram polling started as @%s", application.bot.username)
            try:
                await stop.wait()
            finally:
                await application.updater.stop()
                await application.stop()
    finally:
        remove_handler()
        await storage.close()


def _stop_on_sigterm(stop: asyncio.Event) -> Callable[[], None]:
    """Let ``systemctl stop``/``docker stop`` end polling cleanly (Ctrl+C cancels the task).

    Returns:
        A function that removes the handler again.
    """
    loop = asyncio.get_running_loop()
    try:
        loop.add_signal_handler(signal.SIGTERM, stop.set)
    except (NotImplementedError, RuntimeError, ValueError):  # Windows, or not the main thread
        log.debug("SIGTERM handler not installed")
        return lambda: None
    return lambda: loop.remove_signal_handler(signal.SIGTERM)


def run_polling(settings: Settings, knowledge: KnowledgeBase | None = None) -> None:
    """Blocking entry for ``cchc telegram``: load the knowledge base, then poll until stopped.

    Args:
        settings: must carry ``telegram_token``.
        knowledge: an already loaded knowledge base (the CLI passes one so that store errors
            are reported before connecting); built and loaded here when None.
    """
    if knowledge is None:
        knowledge = KnowledgeBase(settings)
        knowledge.ensure_loaded(show_progress=False)
    try:
        asyncio.run(serve_polling(settings, knowledge))
    except KeyboardInterrupt:
        log.info("Telegram polling stopped by Ctrl+C")
