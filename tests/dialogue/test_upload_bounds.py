"""Uploads are validated within bounds before anything is installed, and parsed once (issue 12)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from dialogue_helpers import ADMIN_ID, SmallKnowledge, message
from fpdf import FPDF

import indexer.parse
from bot import messages
from bot.dialogue.assistant import Assistant
from bot.storage.database import Storage

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
PLAN = (
    "KẾ HOẠCH\nThí điểm Tổ tiếp nhận hồ sơ lưu động năm 2025\n"
    "I. MỤC ĐÍCH\nTổ tiếp nhận hồ sơ lưu động làm việc tại nhà văn hóa thôn vào sáng thứ Năm hằng tuần.\n"
)


def _long_pdf(pages: int) -> bytes:
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.set_font("DejaVu", size=10)
    for number in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 5, f"Trang {number}: cải cách hành chính.")
    return bytes(pdf.output())


async def _upload(assistant: Assistant, name: str, data: bytes) -> str:
    replies = await assistant.handle(message(None, user=ADMIN_ID, kind="document", document_name=name,
                                             document_bytes=data))
    return replies[0].text


async def test_pdf_past_the_page_limit_is_refused_naming_the_limit(small: SmallKnowledge, storage: Storage) -> None:
    settings = small.settings.model_copy(update={"max_pdf_pages": 5})
    live = small.knowledge.answerer
    text = await _upload(Assistant(small.knowledge, storage, settings), "dai.pdf", _long_pdf(8))
    assert text == messages.UPLOAD_LIMIT.format(
        name="dai.pdf", reason=messages.DOCUMENT_LIMIT.format(
            what=messages.LIMIT_WHAT["pdf_pages"], found="8", maximum="5", unit="trang", setting="CCHC_MAX_PDF_PAGES"))
    assert not (settings.knowledge_dir / "uploads").exists()  # nothing installed
    assert small.knowledge.answerer is live  # no rebuild


async def test_validation_out_of_time_is_refused(small: SmallKnowledge, storage: Storage) -> None:
    settings = small.settings.model_copy(update={"validation_timeout_seconds": 0.01})
    text = await _upload(Assistant(small.knowledge, storage, settings), "ke-hoach.txt", PLAN.encode())
    assert messages.LIMIT_WHAT["seconds"] in text and "CCHC_VALIDATION_TIMEOUT_SECONDS" in text
    assert not (settings.knowledge_dir / "uploads").exists()


async def test_an_accepted_upload_is_parsed_once(
    small_assistant: Assistant, small: SmallKnowledge, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed_here: list[str] = []
    real = indexer.parse.parse_file

    def counting(path: Path, *args: Any, **kwargs: Any) -> Any:
        parsed_here.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(indexer.parse, "parse_file", counting)
    text = await _upload(small_assistant, "to-luu-dong.txt", PLAN.encode())
    assert text.startswith(messages.UPLOAD_SAVED.format(name="to-luu-dong.txt", saved="to-luu-dong.txt"))
    # The validation parsed it (in its own process); the rebuild reused that parse.
    assert "to-luu-dong.txt" not in parsed_here
    assert len(parsed_here) == 5  # the five plans were parsed by the rebuild as usual
    chunks = small.knowledge.answerer.retriever.store.chunks
    assert any(c.doc_id == "uploads/to-luu-dong" and "thứ Năm" in c.text for c in chunks)


async def test_uploads_kept_outside_knowledge_are_indexed_and_survive_a_reload(
    small: SmallKnowledge, storage: Storage, tmp_path: Path
) -> None:
    """CCHC_UPLOADS_DIR (the data volume in Docker): saved there, indexed as uploads/…, kept by /reload."""
    from bot.knowledge import KnowledgeBase

    volume = tmp_path / "volume" / "tai-lieu-tai-len"
    settings = small.settings.model_copy(update={"uploads_dir": volume})
    knowledge = KnowledgeBase(settings, embedder=small.knowledge.embedder)
    knowledge.load()
    assistant = Assistant(knowledge, storage, settings)
    text = await _upload(assistant, "to-luu-dong.txt", PLAN.encode())
    assert text.startswith(messages.UPLOAD_SAVED.format(name="to-luu-dong.txt", saved="to-luu-dong.txt"))
    assert (volume / "to-luu-dong.txt").read_bytes() == PLAN.encode()
    assert not (settings.knowledge_dir / "uploads").exists()
    (reloaded,) = await assistant.handle(message("/reload", user=ADMIN_ID))
    assert reloaded.text.startswith("Đã cập nhật kho tri thức: 6 tài liệu")
    chunks = knowledge.answerer.retriever.store.chunks
    assert any(c.doc_id == "uploads/to-luu-dong" for c in chunks)


def test_the_build_report_words_a_skipped_file_s_limit_for_people() -> None:
    from bot.dialogue.render import format_build_report
    from indexer.build import BuildReport
    from indexer.errors import DocumentLimitError

    refused = DocumentLimitError("uploads/dai.pdf", "pdf_pages", 900, 500)
    chars = DocumentLimitError("plans/dai.txt", "chars", None, 1_000_000)
    report = BuildReport(documents=5, chunks=100, seconds=1.0,
                         skipped=[("uploads/dai.pdf", refused.reason), ("plans/dai.txt", chars.reason),
                                  ("plans/hong.docx", "invalid .docx content")],
                         refused={"uploads/dai.pdf": refused, "plans/dai.txt": chars})
    lines = format_build_report(report).splitlines()
    assert lines[2] == ("- uploads/dai.pdf: vượt giới hạn số trang PDF: 900 trang, tối đa 500 trang "
                        "(thiết lập CCHC_MAX_PDF_PAGES)")
    assert lines[3] == ("- plans/dai.txt: vượt giới hạn độ dài văn bản trích xuất: tối đa 1.000.000 ký tự "
                        "(thiết lập CCHC_MAX_DOCUMENT_CHARS)")
    assert lines[4] == "- plans/hong.docx: invalid .docx content"
