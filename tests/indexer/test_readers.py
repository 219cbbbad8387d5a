"""Tests for indexer.readers: every format returns Vietnamese text; every failure is a DocumentReadError."""

from __future__ import annotations

import os
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from indexer.errors import DocumentReadError
from indexer.readers import SUPPORTED_EXTENSIONS, read_text
from indexer.textnorm import normalize

VIETNAMESE = "Tuyên truyền cải cách hành chính nhà nước năm 2022 trên địa bàn huyện Ninh Giang"
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _cp1258_bytes(text: str) -> bytes:
    """Encode like legacy Vietnamese Windows: precomposed where cp1258 has it, else combining."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:  # "ề" is "ê" (in cp1258) plus a combining grave accent
            decomposed = unicodedata.normalize("NFD", char)
            tones = "".join(mark for mark in decomposed if mark in TONE_MARKS)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
            out += (base + tones).encode("cp1258")
    return bytes(out)


def test_supported_extensions() -> None:
    assert SUPPORTED_EXTENSIONS == {".txt", ".md", ".docx", ".pdf"}


@pytest.mark.parametrize(
    "encoded",
    [VIETNAMESE.encode("utf-8"), b"\xef\xbb\xbf" + VIETNAMESE.encode("utf-8"), _cp1258_bytes(VIETNAMESE)],
    ids=["utf-8", "utf-8-sig", "cp1258"],
)
def test_text_encodings(tmp_path: Path, encoded: bytes) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(encoded)
    text = read_text(path)
    assert not text.startswith("\ufeff")
    assert normalize(text) == normalize(VIETNAMESE)


def test_markdown_is_read_verbatim(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("---\ntitle: Ghi chú\n---\n# Tiêu đề\n\nNội dung.\n", encoding="utf-8")
    assert read_text(path).startswith("---\ntitle: Ghi chú")


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph(VIETNAMESE)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "ỦY BAN NHÂN DÂN HUYỆN NINH GIANG"
    table.cell(0, 1).text = "Số: 18/KH-UBND"
    document.add_paragraph("I. MỤC ĐÍCH YÊU CẦU")
    path = tmp_path / "plan.docx"
    document.save(str(path))

    lines = [line for line in read_text(path).splitlines() if line]

    assert lines == ["KẾ HOẠCH", VIETNAMESE, "ỦY BAN NHÂN DÂN HUYỆN NINH GIANG", "Số: 18/KH-UBND", "I. MỤC ĐÍCH YÊU CẦU"]


def test_docx_merged_cells_are_read_once(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Cải cách thủ tục hành chính"
    path = tmp_path / "merged.docx"
    document.save(str(path))
    assert read_text(path).count("Cải cách thủ tục hành chính") == 1


def test_pdf_keeps_vietnamese(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.set_font("DejaVu", size=12)
    pdf.multi_cell(0, 8, "KẾ HOẠCH\n" + VIETNAMESE)
    pdf.add_page()
    pdf.multi_cell(0, 8, "Cải cách thủ tục hành chính")
    path = tmp_path / "plan.pdf"
    pdf.output(str(path))

    text = " ".join(normalize(read_text(path)).split())

    assert "KẾ HOẠCH" in text
    assert VIETNAMESE in text
    assert "Cải cách thủ tục hành chính" in text


def test_pdf_without_text(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(DocumentReadError, match="no extractable text") as info:
        read_text(path)
    assert "scan.pdf" in str(info.value)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("broken.docx", os.urandom(2048), "not a valid .docx"),
        ("fake.docx", None, "invalid .docx content"),
        ("broken.pdf", b"%PDF-1.4\n" + os.urandom(512), "not a valid PDF"),
        ("binary.txt", b"abc\x00def", "binary"),
        ("plan.odt", b"whatever", "unsupported extension"),
        ("noext", b"whatever", "unsupported extension"),
    ],
)
def test_bad_files_raise_with_file_name(tmp_path: Path, name: str, content: bytes | None, reason: str) -> None:
    path = tmp_path / name
    if content is None:  # a zip archive that is not a Word document
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "xin chào")
    else:
        path.write_bytes(content)
    with pytest.raises(DocumentReadError, match=reason) as info:
        read_text(path)
    assert name in str(info.value)
    assert info.value.path == path


@pytest.mark.parametrize("suffix", sorted(SUPPORTED_EXTENSIONS))
def test_empty_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    with pytest.raises(DocumentReadError, match="empty file") as info:
        read_text(path)
    assert f"empty{suffix}" in str(info.value)


def test_whitespace_only_text_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\n\t\n", encoding="utf-8")
    with pytest.raises(DocumentReadError, match="empty file"):
        read_text(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentReadError, match="not found"):
        read_text(tmp_path / "missing.txt")
