"""The assistant end to end through ``Assistant.handle``: real knowledge base, real SQLite, no channel."""

from __future__ import annotations

import asyncio
import logging
import shutil
import sqlite3

import pytest

from bot import messages
from bot.config import Settings
from bot.dialogue.assistant import PAYLOAD_MAX_BYTES, Assistant
from bot.dialogue.models import Reply
from bot.dialogue.uploads import safe_file_name
from bot.knowledge import KnowledgeBase
from bot.storage.database import Storage
from dialogue_helpers import ADMIN_ID, SmallKnowledge, message, press

MOTCUA = "Cơ chế một cửa, một cửa liên thông là gì?"
UPLOADED_PLAN = """ỦY BAN NHÂN DÂN
XÃ HÒA BÌNH

KẾ HOẠCH
Thí điểm Tổ dịch vụ công lưu động xã Hòa Bình năm 2025

I. MỤC TIÊU, YÊU CẦU

1. Mục tiêu

- Thành lập Tổ dịch vụ công lưu động xã Hòa Bình để hỗ trợ người cao tuổi và người khuyết tật nộp hồ sơ trực tuyến ngay tại nhà.
- Tổ dịch vụ công lưu động làm việc vào sáng thứ Bảy hằng tuần, tại nhà văn hóa các thôn.

II. NỘI DUNG

1. Thành phần Tổ dịch vụ công lưu động

- Tổ gồm 03 công chức văn phòng - thống kê và 02 đoàn viên thanh niên có kỹ năng sử dụng máy tính.
"""
# Each names its office or place: a question several offices' plans fit equally gets a
# question back instead (see test_answerer.py::test_plans_of_several_offices_get_a_question_back).
PLAN_QUESTIONS = (
    "Mục tiêu tuyên truyền CCHC tỉnh Sóc Trăng",
    "Hình thức tuyên truyền cải cách hành chính của huyện Ninh Giang",
    "Kinh phí thực hiện tuyên truyền CCHC năm 2024 của Sở LĐTBXH Bình Phước",
)


def payloads(reply: Reply) -> list[str]:
    """Every button payload of a reply, row by row."""
    return [b.payload for row in reply.buttons for b in row]


async def ask_one(assistant: Assistant, text: str, **fields: object) -> Reply:
    """Send one event and expect exactly one reply."""
    replies = await assistant.handle(message(text, **fields))
    assert len(replies) == 1, replies
    return replies[0]


# ---------------------------------------------------------------- menus and help


async def test_start_shows_the_menu(assistant: Assistant) -> None:
    reply = await ask_one(assistant, "/start")
    assert "Người dùng 7" in reply.text
    assert payloads(reply) == ["menu:qa", "menu:dvc", "menu:motcua", "menu:quiz", "menu:help"]
    labels = [b.label for row in reply.buttons for b in row]
    assert labels == ["Hỏi đáp CCHC", "Dịch vụ công trực tuyến", "Cơ chế một cửa", "Trắc nghiệm", "Trợ giúp"]


@pytest.mark.parametrize("suggestions", [messages.QA_SUGGESTIONS, messages.DVC_SUGGESTIONS, messages.MOTCUA_SUGGESTIONS])
def test_suggested_questions_fit_telegram_payloads(suggestions: tuple[str, ...]) -> None:
    assert all(len(f"ask:{q}".encode()) <= PAYLOAD_MAX_BYTES for q in suggestions)


async def test_menu_entries_without_the_knowledge_base(assistant: Assistant) -> None:
    (quiz,) = await assistant.handle(press("menu:quiz"))  # the quiz asks for the unit first
    assert quiz.text == messages.QUIZ_UNIT_PROMPT
    assert all(p.startswith("qz:u:") for p in payloads(quiz))
    (qa,) = await assistant.handle(press("menu:qa"))
    assert payloads(qa) == [f"ask:{q}" for q in messages.QA_SUGGESTIONS]
    (help_reply,) = await assistant.handle(press("menu:help"))
    assert "/start" in help_reply.text and "/reload" not in help_reply.text


async def test_topic_menu_answers_its_question_and_suggests_more(assistant: Assistant) -> None:
    answer, suggestions = await assistant.handle(press("menu:motcua"))
    assert messages.CITATION_PREFIX in answer.text
    assert payloads(suggestions) == [f"ask:{q}" for q in messages.MOTCUA_SUGGESTIONS]


async def test_help_lists_admin_commands_for_admins_only(assistant: Assistant) -> None:
    user_help = await ask_one(assistant, "/help")
    admin_help = await ask_one(assistant, "/help@cchc_bot", user=ADMIN_ID)
    assert "/stats" not in user_help.text
    assert all(command in admin_help.text for command in ("/reload", "/stats", "/gaps"))


# ---------------------------------------------------------------- questions, sources, feedback


async def test_answer_cites_and_more_shows_the_second_source(
    assistant: Assistant, storage: Storage, knowledge: KnowledgeBase
) -> None:
    reply = await ask_one(assistant, MOTCUA)
    assert "Nguồn:" in reply.text and reply.answer is not None and reply.log_id is not None
    log_id, answer = reply.log_id, reply.answer
    *more_rows, sources_row, feedback_row = reply.buttons
    assert [b.payload for b in feedback_row] == [f"fb:up:{log_id}", f"fb:down:{log_id}"]
    assert sources_row[0].payload == f"src:{log_id}"
    assert answer.more and [row[0].payload for row in more_rows] == [f"more:{i}:{log_id}" for i in answer.more]
    assert all(row[0].label.startswith("Xem thêm: ") for row in more_rows)

    logged = await storage.logged_question(log_id=log_id)
    assert logged is not None and logged.found and logged.question == MOTCUA
    store = knowledge.answerer.retriever.store
    index = answer.more[0]
    offered = next(c for c in store.chunks if c.chunk_id == logged.cited_chunk_ids[index])

    (more,) = await assistant.handle(press(f"more:{index}:{log_id}"))
    assert offered.text.strip()[:60] in more.text
    assert "Nguồn:" in more.text
    assert len(more.text) < 800 + 400  # the excerpt is trimmed; heading and citation come on top


async def test_feedback_is_stored_and_replaced(assistant: Assistant, storage: Storage) -> None:
    reply = await ask_one(assistant, "con mèo thích ăn gì nhất")  # nothing in the knowledge base
    assert reply.text == messages.NOT_FOUND
    (feedback_row,) = reply.buttons  # no "Xem thêm" for a not-found answer
    down = feedback_row[1].payload
    assert down.startswith("fb:down:")

    (thanks,) = await assistant.handle(press(down))
    assert thanks.text == messages.FEEDBACK_DOWN_THANKS
    stats = await storage.stats()
    assert (stats.feedback_up, stats.feedback_down) == (0, 1)

    await assistant.handle(press(feedback_row[0].payload))
    stats = await storage.stats()
    assert (stats.feedback_up, stats.feedback_down) == (1, 0)
    assert (await storage.gaps())[0].representative == "con mèo thích ăn gì nhất"


# ---------------------------------------------------------------- polite refusals


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (message("/xyz"), messages.UNKNOWN_COMMAND.format(command="/xyz")),
        (message("   \n "), messages.EMPTY_QUESTION),
        (message(None), messages.EMPTY_QUESTION),
        (message(None, kind="other"), messages.UNSUPPORTED_KIND),
        (press("bogus"), messages.INVALID_BUTTON),
        (press("menu:nope"), messages.INVALID_BUTTON),
        (press("more:abc"), messages.INVALID_BUTTON),
        (press("more:1:999999"), messages.INVALID_BUTTON),
        (press("fb:maybe:1"), messages.INVALID_BUTTON),
        (press("fb:up:999999"), messages.INVALID_BUTTON),
        (press("ask:"), messages.INVALID_BUTTON),
    ],
    ids=[
        "unknown-command", "blank", "no-text", "sticker", "bogus-payload", "bad-menu",
        "bad-more", "missing-log", "bad-vote", "vote-missing-log", "empty-ask",
    ],
)
async def test_odd_input_gets_a_polite_reply(assistant: Assistant, event: object, expected: str) -> None:
    assert [r.text for r in await assistant.handle(event)] == [expected]  # type: ignore[arg-type]


async def test_too_long_question_is_refused(assistant: Assistant, settings: Settings) -> None:
    limit = settings.max_question_chars
    reply = await ask_one(assistant, "thủ tục " * limit)
    assert reply.text == messages.TOO_LONG.format(limit=limit)


@pytest.mark.parametrize("command", ["/reload", "/stats", "/gaps"])
async def test_admin_commands_refused_for_users(assistant: Assistant, command: str) -> None:
    assert (await ask_one(assistant, command)).text == messages.ADMIN_ONLY


async def test_upload_refused_for_users(small_assistant: Assistant, small: SmallKnowledge) -> None:
    reply = await ask_one(
        small_assistant, None, kind="document", document_name="a.txt", document_bytes=UPLOADED_PLAN.encode()
    )
    assert reply.text == messages.UPLOAD_ADMIN_ONLY
    assert not (small.settings.knowledge_dir / "uploads").exists()


async def test_unexpected_error_is_logged_and_apologised(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(**_: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(assistant._storage, "find_user", broken)  # every event looks its sender up
    with caplog.at_level(logging.ERROR, logger="bot.dialogue.assistant"):
        reply = await ask_one(assistant, "/start")
    assert reply.text == messages.APOLOGY
    assert caplog.records and caplog.records[0].exc_info is not None


# ---------------------------------------------------------------- admin


async def test_admin_is_registered_with_the_admin_role(assistant: Assistant, storage: Storage) -> None:
    await assistant.handle(message("/start", user=ADMIN_ID))
    await assistant.handle(message("/start"))
    with sqlite3.connect(storage.path) as raw:  # a second reader, as a backup or an admin shell would be
        assert raw.execute("SELECT COUNT(*) FROM users").fetchone() == (0,)  # a greeting stores nobody (issue 12)
    await assistant.handle(message("/quiz", user=ADMIN_ID))  # something is stored for them: a row
    await assistant.handle(message("/quiz"))
    with sqlite3.connect(storage.path) as raw:
        rows = raw.execute("SELECT external_id, role FROM users ORDER BY external_id").fetchall()
    assert rows == [(ADMIN_ID, "admin"), ("7", "user")]


async def test_admin_stats_and_gaps(assistant: Assistant, storage: Storage) -> None:
    user = await storage.upsert_user(channel="telegram", external_id="7")
    for question in ("Lương cơ sở là bao nhiêu?", "luong co so la bao nhieu"):
        await storage.log_question(
            user_id=user, channel="telegram", question=question, found=False, top_score=0.1, latency_ms=5
        )
    stats = await ask_one(assistant, "/stats", user=ADMIN_ID)  # stores nothing for the admin: no row (issue 12)
    assert "Người dùng: 1" in stats.text and "Câu hỏi hôm nay: 2" in stats.text and "(2 lần)" in stats.text
    gaps = await ask_one(assistant, "/gaps", user=ADMIN_ID)
    assert "luong co so la bao nhieu" in gaps.text and "2 lần" in gaps.text


async def test_admin_reload_reports_counts(small_assistant: Assistant, small: SmallKnowledge) -> None:
    reply = await ask_one(small_assistant, "/reload", user=ADMIN_ID)
    assert reply.text.startswith(messages.RELOAD_DONE.split("{")[0])
    chunks = len(small.knowledge.answerer.retriever.store.chunks)
    assert f"5 tài liệu, {chunks} đoạn" in reply.text


async def test_failed_reload_keeps_the_old_store(small_assistant: Assistant, small: SmallKnowledge) -> None:
    live = small.knowledge.answerer
    shutil.rmtree(small.settings.knowledge_dir / "plans")
    reply = await ask_one(small_assistant, "/reload", user=ADMIN_ID)
    assert "Nothing to index" in reply.text and "Kho tri thức cũ vẫn đang được dùng" in reply.text
    assert small.knowledge.answerer is live


async def test_a_second_reload_while_one_runs_is_told_to_wait(small_assistant: Assistant, small: SmallKnowledge) -> None:
    first, second = await asyncio.gather(
        small_assistant.handle(message("/reload", user=ADMIN_ID)),
        small_assistant.handle(message("/reload", user=ADMIN_ID)),
    )
    assert f"{len(small.knowledge.answerer.retriever.store.chunks)} đoạn" in first[0].text
    assert second[0].text == messages.RELOAD_BUSY


async def test_uploaded_document_is_indexed_and_answers(small_assistant: Assistant, small: SmallKnowledge) -> None:
    reply = await ask_one(
        small_assistant, None, user=ADMIN_ID, kind="document",
        document_name="../../Kế hoạch tổ lưu động.txt", document_bytes=UPLOADED_PLAN.encode(),
    )
    saved = small.settings.knowledge_dir / "uploads" / "ke-hoach-to-luu-dong.txt"
    assert saved.read_text(encoding="utf-8") == UPLOADED_PLAN
    assert "6 tài liệu" in reply.text and "uploads/ke-hoach-to-luu-dong.txt" in reply.text

    answer = await ask_one(small_assistant, "Tổ dịch vụ công lưu động xã Hòa Bình làm việc khi nào?")
    assert "thứ Bảy" in answer.text
    assert "Thí điểm Tổ dịch vụ công lưu động" in answer.text  # cited from the upload


async def test_corrupt_docx_is_refused_and_the_old_store_answers(
    small_assistant: Assistant, small: SmallKnowledge
) -> None:
    live = small.knowledge.answerer
    reply = await ask_one(
        small_assistant, None, user=ADMIN_ID, kind="document",
        document_name="hong.docx", document_bytes=b"PK\x03\x04 this is not a real docx archive",
    )
    assert reply.text.startswith("Không nhận tệp “hong.docx”") and "docx" in reply.text
    assert "Kho tri thức không thay đổi" in reply.text
    assert not (small.settings.knowledge_dir / "uploads").exists()
    assert small.knowledge.answerer is live
    answer = await ask_one(small_assistant, PLAN_QUESTIONS[0])
    assert "Nguồn:" in answer.text


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("virus.exe", b"MZ" * 600, "chỉ hỗ trợ các định dạng"),
        ("plan.txt", None, "Không nhận được nội dung tệp"),
        ("plan.txt", b"x" * 2048, "tệp quá lớn"),
    ],
    ids=["bad-type", "not-downloaded", "too-large"],
)
async def test_upload_checks_type_and_size(
    small: SmallKnowledge, storage: Storage, name: str, data: bytes | None, fragment: str
) -> None:
    settings = small.settings.model_copy(update={"max_upload_bytes": 1024})
    assistant = Assistant(small.knowledge, storage, settings)
    reply = await ask_one(assistant, None, user=ADMIN_ID, kind="document", document_name=name, document_bytes=data)
    assert fragment in reply.text
    assert not (settings.knowledge_dir / "uploads").exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kế hoạch CCHC 2025.docx", "ke-hoach-cchc-2025.docx"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\win.PDF", "win.pdf"),
        (".hidden.md", "hidden.md"),
        ("README.txt", "tl-readme.txt"),
        ("Đề án.txt", "de-an.txt"),
        ("中文.txt", "tai-lieu.txt"),
        ("noext", "noext"),
    ],
)
def test_safe_file_name(name: str, expected: str) -> None:
    assert safe_file_name(name) == expected


async def test_questions_succeed_while_a_reload_runs(small_assistant: Assistant, small: SmallKnowledge) -> None:
    # A new document makes the reload embed for real, so it overlaps the questions.
    (small.settings.knowledge_dir / "plans" / "to-luu-dong.txt").write_text(UPLOADED_PLAN, encoding="utf-8")
    reload = small_assistant.handle(message("/reload", user=ADMIN_ID))
    questions = [small_assistant.handle(message(PLAN_QUESTIONS[i % 3])) for i in range(10)]
    reloaded, *answers = await asyncio.gather(reload, *questions)
    assert "6 tài liệu" in reloaded[0].text
    for replies in answers:
        assert len(replies) == 1 and "Nguồn:" in replies[0].text, replies
