"""Tests for indexer.structure (and parse): sections, heading paths, chunk sizes, Markdown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from seed_helpers import KNOWLEDGE_DIR, seed

from indexer.errors import DocumentReadError
from indexer.parse import parse_file, parse_text
from indexer.structure import (
    HEADER_TITLE,
    MAX_CHUNK_CHARS,
    MIN_CHUNK_CHARS,
    PREAMBLE_TITLE,
    chunk_lines,
    parse_heading,
    split_body,
    split_sentences,
    text_unit_lines,
    text_units,
)

EXPECTED_SECTIONS = {
    "000": {"", "I.1", "I.2", "II.1", "II.2", "III.1", "III.2", "IV"},
    "001": {"", "I.1", "I.2", "II.1", "II.2", "II.3.a", "II.3.b", "II.3.c", "II.3.d", "III", "VI.1", "VI.2"},
    "002": {"", "I.1", "I.2", "II.1", "II.2", "II.3", "III.1", "III.2", "III.3", "III.4", "III.5"},
    "003": {"", "I.1", "I.2", "II.1", "II.2", "III.1", "III.2", "IV.1", "IV.2", "IV.3"},
    "004": {"", "I", "II.1", "II.2", "II.3", "II.5", "III.1", "III.2", "III.3", "III.4", "III.5", "III.6", "IV", "V.1", "V.2", "V.3"},
}
SIGNERS = ["Nguyễn Đình Tranh", "Phạm Thị Mai Hương", "Nguyễn Văn Thành", "A.Trang"]
# A lower-case letter (or comma) ending a line, then a line starting lower-case: a broken sentence.
MID_SENTENCE_BREAK = re.compile(r"[a-zà-ỹđ,]\n[a-zà-ỹđ]")


@pytest.mark.parametrize("prefix", sorted(EXPECTED_SECTIONS))
def test_seed_sections(prefix: str) -> None:
    document = parse_file(seed(prefix), KNOWLEDGE_DIR)
    assert {chunk.section for chunk in document.chunks} == EXPECTED_SECTIONS[prefix]


def test_seed_chunks_are_clean(seed_path: Path) -> None:
    document = parse_file(seed_path, KNOWLEDGE_DIR)
    for index, chunk in enumerate(document.chunks):
        assert chunk.chunk_id == f"{document.meta.doc_id}#{index}"
        assert chunk.doc_id == document.meta.doc_id
        assert chunk.text.strip()
        assert not MID_SENTENCE_BREAK.search(chunk.text), chunk.text
        assert "Nơi nhận" not in chunk.text
        assert not any(name in chunk.text for name in SIGNERS)
        # The header lines live in the header chunk only, never glued to body text.
        assert ("KẾ HOẠCH" in chunk.text) == (chunk.heading_path == [HEADER_TITLE])
        assert "\n\n" not in chunk.text
        assert len(chunk.text) <= MAX_CHUNK_CHARS + MIN_CHUNK_CHARS


def test_seed_header_then_preamble_chunk(seed_path: Path) -> None:
    header, first = parse_file(seed_path, KNOWLEDGE_DIR).chunks[:2]
    assert header.section == "" and header.heading_path == [HEADER_TITLE]
    assert "KẾ HOẠCH" in header.text
    assert first.section == ""
    assert first.heading_path == [PREAMBLE_TITLE]
    assert first.text.startswith(("Căn cứ", "Thực hiện"))


def test_seed_002_header_chunk_quotes_number_and_date() -> None:
    header = parse_file(seed("002"), KNOWLEDGE_DIR).chunks[0]
    assert header.text.splitlines()[:2] == ["Số: 18/KH-UBND", "Ninh Giang, ngày 28 tháng 01 năm 2022"]


def test_markdown_notes_get_no_header_chunk() -> None:
    chunks = parse_file(KNOWLEDGE_DIR / "legal" / "chi-so-cchc.md", KNOWLEDGE_DIR).chunks
    assert all(chunk.heading_path != [HEADER_TITLE] for chunk in chunks)


def test_text_unit_lines_marks_later_sentences_of_a_long_line() -> None:
    long_item = "+ Cải cách thủ tục hành chính: " + "thực hiện tốt công tác, " * 12 + "rõ ràng. Tuyên truyền các vấn đề cần biết."
    units = text_unit_lines(f"- Mở đầu:\n{long_item}\n+ Cải cách tổ chức bộ máy.")
    assert [continues for _, continues in units] == [False, False, True, False]
    assert [unit for unit, _ in units] == text_units(f"- Mở đầu:\n{long_item}\n+ Cải cách tổ chức bộ máy.")


def test_seed_002_heading_path_and_bullets() -> None:
    chunks = parse_file(seed("002"), KNOWLEDGE_DIR).chunks
    content = [chunk for chunk in chunks if chunk.section == "II.2"]
    assert content[0].heading_path == ["II. ĐỐI TƯỢNG, NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN", "2. Nội dung tuyên truyền"]
    assert all(chunk.heading_path == content[0].heading_path for chunk in content)
    forms = "\n".join(chunk.text for chunk in chunks if chunk.section == "II.3")
    assert "\n+ Niêm yết công khai, minh bạch" in forms
    assert all(line.startswith(("- ", "+ ", "(")) for line in forms.splitlines())


def test_seed_001_lettered_items() -> None:
    chunks = parse_file(seed("001"), KNOWLEDGE_DIR).chunks
    item = next(chunk for chunk in chunks if chunk.section == "II.3.a")
    assert item.heading_path[1] == "3. Hoạt động trọng tâm"
    assert item.text.splitlines()[0].startswith("Đăng tải bản tin")
    assert "- Thời gian thực hiện: thường xuyên." in item.text


def test_heading_only_item_keeps_its_text() -> None:
    chunks = parse_file(seed("003"), KNOWLEDGE_DIR).chunks
    scope = next(chunk for chunk in chunks if chunk.section == "II.2")
    assert scope.text == "Phạm vi: Các khu công nghiệp trên địa bàn tỉnh Sóc Trăng"


@pytest.mark.parametrize(
    ("line", "kind", "label", "has_lead"),
    [
        ("II. ĐỐI TƯỢNG, NỘI DUNG", "roman", "II", False),
        ("1. Mục tiêu", "number", "1", False),
        ("1.1. Mục tiêu cụ thể", "number", "1.1", False),
        ("1.2 Mục tiêu cụ thể", "number", "1.2", False),
        ("a) Đăng tải bản tin, bài viết trên Trang thông tin điện tử của Sở.", "letter", "a", True),
        ("2. Kinh phí thực hiện được bố trí trong nguồn kinh phí hoạt động thường xuyên của cơ quan.", "number", "2", True),
    ],
)
def test_parse_heading(line: str, kind: str, label: str, has_lead: bool) -> None:
    heading = parse_heading(line)
    assert heading is not None
    assert (heading.kind, heading.label, bool(heading.lead)) == (kind, label, has_lead)


@pytest.mark.parametrize(
    "line",
    ["- Nội dung", "Từ nay đến năm 2030.", "2022. Năm bản lề", "I. mục viết thường không phải tiêu đề", "Vì vậy, ..."],
)
def test_not_headings(line: str) -> None:
    assert parse_heading(line) is None


def test_nested_numbering_and_letters() -> None:
    lines = [
        "Căn cứ Luật Tổ chức chính quyền địa phương;",
        "I. NHIỆM VỤ",
        "1. Nhiệm vụ chung",
        "Đoạn giới thiệu.",
        "1.1. Nhiệm vụ con",
        "a) Việc thứ nhất:",
        "- gạch đầu dòng.",
        "2. Nhiệm vụ khác",
        "Nội dung hai.",
        "II. TỔ CHỨC",
        "Nội dung tổ chức.",
    ]
    chunks = chunk_lines(lines, doc_id="x")
    got = [(chunk.section, chunk.heading_path[-1]) for chunk in chunks]
    assert got == [
        ("", PREAMBLE_TITLE),
        ("I.1", "1. Nhiệm vụ chung"),
        ("I.1.1.a", "a) Việc thứ nhất:"),
        ("I.2", "2. Nhiệm vụ khác"),
        ("II", "II. TỔ CHỨC"),
    ]
    assert chunks[2].heading_path == ["I. NHIỆM VỤ", "1. Nhiệm vụ chung", "1.1. Nhiệm vụ con", "a) Việc thứ nhất:"]


def test_long_section_splits_at_bullets() -> None:
    bullets = [f"- Gạch đầu dòng số {i} " + "nội dung tuyên truyền cải cách hành chính " * 6 + "." for i in range(12)]
    pieces = split_body(bullets)
    assert len(pieces) > 1
    assert all(len(piece) <= MAX_CHUNK_CHARS for piece in pieces)
    assert [line for piece in pieces for line in piece.splitlines()] == bullets


def test_huge_bullet_splits_at_sentences() -> None:
    sentence = "Tuyên truyền nội dung cải cách hành chính trên địa bàn tỉnh theo kế hoạch."
    bullet = "- " + " ".join([sentence] * 40)
    pieces = split_body([bullet])
    assert len(pieces) > 1
    assert all(len(piece) <= MAX_CHUNK_CHARS for piece in pieces)
    assert all(piece.endswith("kế hoạch.") for piece in pieces)
    assert " ".join(pieces) == bullet


def test_split_sentences_hard_cuts_a_sentence_without_breaks() -> None:
    parts = split_sentences("từ " * 1000, 100)
    assert all(len(part) <= 100 for part in parts)


def test_small_pieces_are_merged() -> None:
    body = ["- " + "a" * 1100 + ".", "- ngắn."]
    assert len(split_body(body)) == 1


MARKDOWN = """---
title: Hỏi đáp về dịch vụ công trực tuyến
doc_type: Tài liệu hỏi đáp
year: 2024
tags: [dvc]
---
# Hỏi đáp dịch vụ công

Giới thiệu ngắn về tài liệu.

## 1. Khái niệm

Dịch vụ công trực tuyến là dịch vụ hành chính công được cung cấp trên môi trường mạng.

### 1.1. Mức độ

1. Mức một: thông tin.
2. Mức hai: tải biểu mẫu.

## Câu hỏi thường gặp

- **Có mất phí không?** Tùy thủ tục.
"""


def test_markdown_document() -> None:
    document = parse_text(MARKDOWN, doc_id="notes/dvc", path="notes/dvc.md")
    meta = document.meta
    assert (meta.title, meta.doc_type, meta.year) == ("Hỏi đáp về dịch vụ công trực tuyến", "Tài liệu hỏi đáp", 2024)
    sections = [(chunk.section, chunk.heading_path) for chunk in document.chunks]
    assert sections == [
        ("", ["Mở đầu"]),
        ("1", ["1. Khái niệm"]),
        ("1.1", ["1. Khái niệm", "1.1. Mức độ"]),
        ("Câu hỏi thường gặp", ["Câu hỏi thường gặp"]),
    ]
    assert document.chunks[2].text == "1. Mức một: thông tin.\n2. Mức hai: tải biểu mẫu."
    assert document.chunks[3].text == "- Có mất phí không? Tùy thủ tục."
    assert all("title:" not in chunk.text and "---" not in chunk.text for chunk in document.chunks)


def test_markdown_h1_is_the_title_without_front_matter() -> None:
    document = parse_text("# Sổ tay CCHC\n\n## Mục đích\n\nNội dung.\n", doc_id="n", path="n.md")
    assert document.meta.title == "Sổ tay CCHC"
    assert [(c.section, c.heading_path) for c in document.chunks] == [("Mục đích", ["Mục đích"])]


def test_plain_text_without_headings() -> None:
    document = parse_text("Một ghi chú ngắn về cải cách hành chính.\n", doc_id="n", path="n.txt")
    assert [(c.section, c.heading_path, c.text) for c in document.chunks] == [
        ("", [], "Một ghi chú ngắn về cải cách hành chính.")
    ]


@pytest.mark.parametrize("text", ["KẾ HOẠCH\nTuyên truyền năm 2022\n", "---\ntitle: x\n---\n", "\n \n"])
def test_no_text_is_an_error(text: str) -> None:
    with pytest.raises(DocumentReadError, match="no text found"):
        parse_text(text, doc_id="x", path="plans/x.md")


def _as_docx(text: str, path: Path) -> None:
    """Write each non-blank line of a seed as one Word paragraph."""
    import docx

    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line)
    document.save(str(path))


def _as_pdf(text: str, path: Path) -> None:
    """Print a seed to PDF; long paragraphs wrap, as in real exported plans."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 6, text)
    pdf.output(str(path))


@pytest.mark.parametrize("prefix", ["002", "004"])
def test_seed_as_docx_and_pdf(tmp_path: Path, prefix: str) -> None:
    reference = parse_file(seed(prefix), KNOWLEDGE_DIR)
    text = seed(prefix).read_text(encoding="utf-8")
    _as_docx(text, tmp_path / "plan.docx")
    _as_pdf(text, tmp_path / "plan.pdf")

    from_docx = parse_file(tmp_path / "plan.docx", tmp_path)
    from_pdf = parse_file(tmp_path / "plan.pdf", tmp_path)

    assert [c.text for c in from_docx.chunks] == [c.text for c in reference.chunks]
    assert {c.section for c in from_pdf.chunks} == EXPECTED_SECTIONS[prefix]
    assert from_pdf.meta.title == _extracted_title(prefix)
    for chunk in from_pdf.chunks:
        assert not MID_SENTENCE_BREAK.search(chunk.text), chunk.text
        assert "Nơi nhận" not in chunk.text and "*" not in chunk.text
    # PDF lines wrap anywhere; after joining, the words are the same as the text file's.
    assert " ".join(c.text for c in from_pdf.chunks).split() == " ".join(c.text for c in reference.chunks).split()


def _extracted_title(prefix: str) -> str:
    """Title read from the seed's own header (no sidecar next to the temporary copies)."""
    return parse_text(seed(prefix).read_text(encoding="utf-8"), doc_id="d", path="d.txt").meta.title
