"""End to end over Telegram: the real PTB application, Assistant, Storage and knowledge base.

Only the Telegram servers are replaced, by the HTTP stand-in in ``botapi_stub.py`` on
127.0.0.1, so every byte goes through PTB's HTTP client, JSON decoding, long polling,
rate limiter and file download exactly as in production.

Read-only tests share the session ``knowledge`` fixture. Tests that change the knowledge
(``/reload``, uploads) get their own knowledge base over a copy of ``knowledge/plans``;
its embedding cache is seeded from the session store so that the copy builds in well under
a second instead of re-embedding every chunk.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from botapi_stub import ApiCall, BotApiStub, check_html, polling
from pydantic import SecretStr

from bot import messages
from bot.channels.telegram import build_application, serve_polling
from bot.config import Settings
from bot.dialogue.assistant import Assistant
from bot.knowledge import KnowledgeBase
from bot.storage.database import Storage
from indexer.embedding import E5Embedder

REPO = Path(__file__).resolve().parents[2]
ADMIN = 9001
USER = 9002
QUESTION = "Kế hoạch tuyên truyền CCHC năm 2024 đặt chỉ tiêu bao nhiêu % công chức, viên chức nắm vững mục tiêu, nhiệm vụ CCHC?"
# A fact no shipped document contains, with characters that must be escaped in HTML.
UNIQUE_FACT = (
    "Tổ công tác số hóa hồ sơ của xã Hồng Phong Thượng họp định kỳ vào sáng thứ Bảy tuần cuối tháng, "
    "bảo đảm tỷ lệ hồ sơ trễ hạn <2% & công khai kết quả trên bảng tin của xã."
)
UNIQUE_QUESTION = "Tổ công tác số hóa hồ sơ của xã Hồng Phong Thượng họp định kỳ vào lúc nào?"


def _telegram_settings(base: Settings, stub: BotApiStub) -> Settings:
    return base.model_copy(
        update={
            "telegram_token": SecretStr(stub.token),
            "telegram_base_url": stub.base_url,
            "admin_ids": [str(ADMIN)],
        }
    )


@asynccontextmanager
async def telegram_bot(
    stub: BotApiStub, knowledge: KnowledgeBase, database: Path
) -> AsyncIterator[tuple[Assistant, Storage]]:
    """The production wiring (as in ``serve_polling``), polling the stand-in."""
    settings = _telegram_settings(knowledge.settings, stub)
    storage = await Storage.open(database)
    try:
        assistant = Assistant(knowledge, storage, settings)
        async with polling(build_application(settings, assistant)):
            yield assistant, storage
    finally:
        await storage.close()


def _buttons(call: ApiCall) -> list[dict[str, str]]:
    markup = call.params.get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


def _assert_valid_html(stub: BotApiStub) -> None:
    """Every text the bot sent parses as Telegram HTML (the stub would have refused it otherwise)."""
    for call in stub.calls_of("sendMessage"):
        check_html(str(call.params["text"]))


async def _reply_to(stub: BotApiStub, chat_id: int, count: int, timeout: float = 15.0) -> ApiCall:
    """The ``count``-th message sent to ``chat_id``."""
    return (await stub.wait_for_calls("sendMessage", count, chat_id=chat_id, timeout=timeout))[count - 1]


@pytest.fixture
def editable_knowledge(tmp_path: Path, knowledge: KnowledgeBase, e5: E5Embedder) -> KnowledgeBase:
    """A knowledge base over a private copy of knowledge/plans, safe to reload and extend."""
    knowledge_dir = tmp_path / "knowledge"
    shutil.copytree(REPO / "knowledge" / "plans", knowledge_dir / "plans")
    data_dir = tmp_path / "data"
    (data_dir / "cache").mkdir(parents=True)
    source_cache = knowledge.settings.cache_dir / "embeddings.sqlite"
    if source_cache.exists():  # seed: same model, same texts → no re-embedding
        with sqlite3.connect(source_cache) as src, sqlite3.connect(data_dir / "cache" / "embeddings.sqlite") as dst:
            src.backup(dst)
    settings = Settings(knowledge_dir=knowledge_dir, data_dir=data_dir, _env_file=None)
    kb = KnowledgeBase(settings, embedder=e5)
    kb.ensure_loaded(show_progress=False)
    return kb


# ------------------------------------------------------------------ read-only


async def test_start_shows_menu(stub: BotApiStub, knowledge: KnowledgeBase, tmp_path: Path) -> None:
    async with telegram_bot(stub, knowledge, tmp_path / "db.sqlite3"):
        stub.send_command(USER, "/start", first_name="Lan")
        reply = await _reply_to(stub, USER, 1)
    assert reply.params["text"].startswith("Xin chào, Lan!")
    payloads = [b["callback_data"] for b in _buttons(reply)]
    assert "menu:qa" in payloads and "menu:help" in payloads
    assert stub.calls_of("sendChatAction", USER)[0].params["action"] == "typing"


async def test_question_more_and_feedback(stub: BotApiStub, knowledge: KnowledgeBase, tmp_path: Path) -> None:
    async with telegram_bot(stub, knowledge, tmp_path / "db.sqlite3") as (_, storage):
        stub.send_text(USER, QUESTION)
        answer = await _reply_to(stub, USER, 1)
        assert "80%" in answer.params["text"]
        assert "Nguồn:" in answer.params["text"]
        buttons = {b["text"]: b["callback_data"] for b in _buttons(answer)}
        more = next(payload for label, payload in buttons.items() if label.startswith("Xem thêm"))
        answer_id = max(stub.sent_messages)

        stub.press_button(USER, answer_id, more)
        source = await _reply_to(stub, USER, 2)
        assert "Nguồn:" in source.params["text"]

        stub.press_button(USER, answer_id, buttons[messages.FEEDBACK_UP_BUTTON])
        thanks = await _reply_to(stub, USER, 3)
        assert thanks.params["text"] == messages.FEEDBACK_UP_THANKS
        stats = await storage.stats()
    assert len(stub.calls_of("answerCallbackQuery")) == 2
    assert (stats.feedback_up, stats.feedback_down, stats.questions_today) == (1, 0, 1)


async def test_html_special_characters_are_escaped(stub: BotApiStub, knowledge: KnowledgeBase, tmp_path: Path) -> None:
    async with telegram_bot(stub, knowledge, tmp_path / "db.sqlite3"):
        stub.send_text(USER, "Thủ tục <b>& một cửa là gì?")
        answered = await _reply_to(stub, USER, 1)
        stub.send_command(USER, "/<b>&")  # echoed back in the "unknown command" reply
        echoed = await _reply_to(stub, USER, 2)
    assert answered.params["text"] not in (messages.TELEGRAM_ERROR, messages.APOLOGY)
    assert "“/&lt;b&gt;&amp;”" in echoed.params["text"]
    _assert_valid_html(stub)


async def test_failures_get_an_apology_and_the_bot_keeps_answering(
    stub: BotApiStub, knowledge: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_answer = knowledge.answer

    def flaky_answer(question: str, subject: Any = None) -> Any:
        if question == "gây lỗi":
            raise RuntimeError("injected failure in retrieval")
        return real_answer(question, subject)

    monkeypatch.setattr(knowledge, "answer", flaky_answer)
    async with telegram_bot(stub, knowledge, tmp_path / "db.sqlite3"):
        # In the core: Assistant.handle apologises itself.
        stub.send_text(USER, "gây lỗi")
        assert (await _reply_to(stub, USER, 1)).params["text"] == messages.APOLOGY
        # In the adapter (Telegram refuses the answer): the error handler apologises.
        stub.fail_next("sendMessage", 400, "Bad Request: injected")
        stub.send_text(USER, QUESTION)
        assert (await _reply_to(stub, USER, 3)).params["text"] == messages.TELEGRAM_ERROR
        # And the next message is answered normally.
        stub.send_text(USER, QUESTION)
        assert "80%" in (await _reply_to(stub, USER, 4)).params["text"]


async def test_followup_on_telegram(stub: BotApiStub, knowledge: KnowledgeBase, tmp_path: Path) -> None:
    """Two turns through python-telegram-bot: the direct answer in bold, the follow-up about the same procedure."""
    async with telegram_bot(stub, knowledge, tmp_path / "db.sqlite3"):
        stub.send_text(USER, "Đăng ký thường trú cần giấy tờ gì?")
        first = await _reply_to(stub, USER, 1)
        assert first.params["text"].startswith("<b>") and "<i>Nguồn: Theo" in first.params["text"]
        stub.send_text(USER, "mất mấy ngày?")
        days = await _reply_to(stub, USER, 2)
    assert days.params["text"].startswith("<b>Thời hạn giải quyết")
    assert "Đăng ký thường trú" in days.params["text"]
    _assert_valid_html(stub)


async def test_non_admin_is_refused(stub: BotApiStub, knowledge: KnowledgeBase, tmp_path: Path) -> None:
    async with telegram_bot(stub, knowledge, tmp_path / "db.sqlite3"):
        stub.send_command(USER, "/reload")
        assert (await _reply_to(stub, USER, 1)).params["text"] == messages.ADMIN_ONLY
        stub.send_document(USER, "ghi-chu.txt", UNIQUE_FACT.encode(), "text/plain")
        assert (await _reply_to(stub, USER, 2)).params["text"] == messages.UPLOAD_ADMIN_ONLY
    assert stub.calls_of("getFile") == []  # a non-admin's file is never downloaded


# ------------------------------------------------------------------ changing the knowledge


async def test_reload_while_others_keep_asking(
    stub: BotApiStub, editable_knowledge: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real rebuild runs, but only once the test opens the gate, so "questions answered
    # while a reload is in progress" holds on any machine, however fast.
    started, gate = threading.Event(), threading.Event()
    real_rebuild = editable_knowledge.rebuild

    def gated_rebuild(*args: Any, **kwargs: Any) -> Any:
        started.set()
        gate.wait(timeout=30)
        return real_rebuild(*args, **kwargs)

    monkeypatch.setattr(editable_knowledge, "rebuild", gated_rebuild)
    extra = editable_knowledge.settings.knowledge_dir / "plans" / "zz_bo_sung.txt"
    extra.write_text(UNIQUE_FACT, encoding="utf-8")
    users = [9100 + i for i in range(10)]
    async with telegram_bot(stub, editable_knowledge, tmp_path / "db.sqlite3"):
        stub.send_command(ADMIN, "/reload")
        await stub.wait_for(started.is_set, what="the rebuild to start")
        for user in users:
            stub.send_text(user, QUESTION)
        stub.send_command(ADMIN, "/reload")  # a second reload is told to wait, not queued
        busy = await _reply_to(stub, ADMIN, 1)
        answers = [await _reply_to(stub, user, 1) for user in users]
        assert stub.texts_to(ADMIN) == [messages.RELOAD_BUSY]  # still rebuilding
        gate.set()
        done = await _reply_to(stub, ADMIN, 2, timeout=30)
        stub.send_text(USER, UNIQUE_QUESTION)
        after = await _reply_to(stub, USER, 1)
    assert busy.params["text"] == messages.RELOAD_BUSY
    for answer in answers:
        assert "80%" in answer.params["text"], answer.params["text"]
    assert done.params["text"].startswith("Đã cập nhật kho tri thức: 6 tài liệu")
    assert "sáng thứ Bảy tuần cuối tháng" in after.params["text"]  # the new store is live


async def test_upload_txt_is_indexed_and_used(stub: BotApiStub, editable_knowledge: KnowledgeBase, tmp_path: Path) -> None:
    async with telegram_bot(stub, editable_knowledge, tmp_path / "db.sqlite3"):
        stub.send_document(ADMIN, "Ghi chú họp.txt", UNIQUE_FACT.encode(), "text/plain")
        saved = await _reply_to(stub, ADMIN, 1, timeout=30)
        stub.send_text(USER, UNIQUE_QUESTION)
        answer = await _reply_to(stub, USER, 1)
    assert saved.params["text"].startswith("Đã lưu tài liệu “Ghi chú họp.txt” vào kho (uploads/ghi-chu-hop.txt)")
    assert (editable_knowledge.settings.knowledge_dir / "uploads" / "ghi-chu-hop.txt").exists()
    text = answer.params["text"]
    assert "sáng thứ Bảy tuần cuối tháng" in text
    assert "&lt;2% &amp; công khai" in text  # the document's own "<" and "&", escaped
    _assert_valid_html(stub)


async def test_corrupt_docx_is_refused_and_old_store_stays(
    stub: BotApiStub, editable_knowledge: KnowledgeBase, tmp_path: Path
) -> None:
    live = editable_knowledge.answerer
    corrupt = b"PK\x03\x04 this is not really a Word document"
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    async with telegram_bot(stub, editable_knowledge, tmp_path / "db.sqlite3"):
        stub.send_document(ADMIN, "ke-hoach-hong.docx", corrupt, mime)
        refused = await _reply_to(stub, ADMIN, 1, timeout=30)
        stub.send_text(USER, QUESTION)
        answer = await _reply_to(stub, USER, 1)
    assert refused.params["text"].startswith("Không nhận tệp “ke-hoach-hong.docx”: không đọc được nội dung")
    assert editable_knowledge.answerer is live
    assert not (editable_knowledge.settings.knowledge_dir / "uploads" / "ke-hoach-hong.docx").exists()
    assert "80%" in answer.params["text"]


async def test_oversized_upload_is_not_downloaded(
    stub: BotApiStub, knowledge: KnowledgeBase, tmp_path: Path
) -> None:
    async with telegram_bot(stub, knowledge, tmp_path / "db.sqlite3"):
        limit = knowledge.settings.max_upload_bytes
        stub.send_document(ADMIN, "lon.pdf", b"%PDF-1.4", "application/pdf", declared_size=limit + 1)
        reply = await _reply_to(stub, ADMIN, 1)
    assert reply.params["text"].startswith("Không nhận được nội dung tệp “lon.pdf”")
    assert stub.calls_of("getFile") == []


async def test_burst_from_many_users_is_answered_concurrently(
    stub: BotApiStub, knowledge: KnowledgeBase, tmp_path: Path
) -> None:
    users = [9200 + i for i in range(8)]
    async with telegram_bot(stub, knowledge, tmp_path / "db.sqlite3"):
        for user in users:
            stub.send_text(user, QUESTION)
        await asyncio.gather(*(_reply_to(stub, user, 1) for user in users))
    assert all("80%" in stub.texts_to(user)[0] for user in users)


async def test_serve_polling_runs_until_stopped_and_closes_storage(
    stub: BotApiStub, editable_knowledge: KnowledgeBase
) -> None:
    """The production entry (``cchc telegram`` → ``run_polling`` → ``serve_polling``)."""
    settings = _telegram_settings(editable_knowledge.settings, stub)
    stop = asyncio.Event()
    task = asyncio.create_task(serve_polling(settings, editable_knowledge, stop))
    stub.send_command(USER, "/start")
    greeting = await _reply_to(stub, USER, 1)
    stop.set()
    await asyncio.wait_for(task, timeout=10)
    assert greeting.params["text"].startswith("Xin chào")
    assert stub.calls_of("deleteWebhook")  # polling bootstraps by removing any webhook
    # Storage was closed: the database is consistent and holds the user.
    with sqlite3.connect(settings.database_path) as db:
        assert db.execute("SELECT external_id FROM users").fetchall() == [(str(USER),)]


def test_cli_telegram_without_token_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from bot.cli import app

    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.delenv("CCHC_TELEGRAM_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["telegram"])
    assert result.exit_code == 2
    assert "CCHC_TELEGRAM_TOKEN" in result.output
