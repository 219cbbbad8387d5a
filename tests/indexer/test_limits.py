"""Bounds per knowledge file (issue 12): text length, PDF pages, .docx inflated size, time, memory.

Every bound is hit with a real file of the format (python-docx, fpdf2, a deflated zip
member), small bounds keeping the files small.
"""

from __future__ import annotations

import struct
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from indexer.build import build_knowledge
from indexer.embedding import E5Embedder
from indexer.errors import DocumentLimitError, DocumentReadError
from indexer.isolated import parse_isolated
from indexer.limits import ReadLimits
from indexer.parse import parse_file
from indexer.readers import read_text

SENTENCE = "Cải cách hành chính là nhiệm vụ trọng tâm của các cấp, các ngành trong năm 2024."
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SMALL = ReadLimits(max_chars=10_000, max_pdf_pages=20, max_docx_bytes=1024 * 1024)


def _pdf(path: Path, pages: int, lines_per_page: int = 1) -> Path:
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.set_font("DejaVu", size=10)
    for number in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 5, "\n".join(f"{number}. {SENTENCE}" for _ in range(lines_per_page)))
    pdf.output(str(path))
    return path


def _docx(path: Path, paragraphs: int) -> Path:
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    for number in range(paragraphs):
        document.add_paragraph(f"{number}. {SENTENCE}")
    document.save(str(path))
    return path


# --------------------------------------------------------------------------- text length


def test_text_over_the_limit_is_refused_after_decoding(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("KẾ HOẠCH\n" + (SENTENCE + "\n") * 200, encoding="utf-8")
    with pytest.raises(DocumentLimitError) as info:
        read_text(path, SMALL)
    assert info.value.limit == "chars" and info.value.found > SMALL.max_chars
    assert "CCHC_MAX_DOCUMENT_CHARS" in info.value.reason


def test_huge_text_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(b"a" * (4 * SMALL.max_chars + 10))
    with pytest.raises(DocumentLimitError) as info:
        read_text(path, SMALL)
    assert info.value.found is None  # refused from its size alone


def test_text_within_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("KẾ HOẠCH\n" + (SENTENCE + "\n") * 100, encoding="utf-8")
    assert SENTENCE in read_text(path, SMALL)


# --------------------------------------------------------------------------- PDF


def test_pdf_over_the_page_limit_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DocumentLimitError) as info:
        read_text(_pdf(tmp_path / "long.pdf", pages=25), SMALL)
    assert (info.value.limit, info.value.found, info.value.maximum) == ("pdf_pages", 25, 20)


def test_pdf_text_over_the_limit_stops_extraction(tmp_path: Path) -> None:
    with pytest.raises(DocumentLimitError) as info:
        read_text(_pdf(tmp_path / "dense.pdf", pages=15, lines_per_page=20), SMALL)
    assert info.value.limit == "chars"


# --------------------------------------------------------------------------- .docx


def test_docx_zip_bomb_is_refused_from_its_declared_sizes(tmp_path: Path) -> None:
    path = _docx(tmp_path / "bomb.docx", paragraphs=3)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.bin", b"\0" * (2 * 1024 * 1024))  # 2 MB, ~2 kB deflated
    assert path.stat().st_size < 100_000
    with pytest.raises(DocumentLimitError) as info:
        read_text(path, SMALL)
    assert info.value.limit == "docx_bytes" and info.value.found > SMALL.max_docx_bytes


def test_docx_member_inflating_past_its_declared_size_is_not_read_past_it(tmp_path: Path) -> None:
    """A member that lies about its size: zipfile stops at the declared size and the CRC fails."""
    source = _docx(tmp_path / "source.docx", paragraphs=3)
    hidden = 8 * 1024 * 1024
    path = tmp_path / "liar.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in original.infolist():
            data = original.read(member)
            if member.filename == "word/document.xml":
                declared = len(data)
                data += b"<!--" + b" " * hidden + b"-->"
            archive.writestr(member.filename, data)
    _patch_declared_size(path, "word/document.xml", declared)
    tracemalloc.start()
    try:
        with pytest.raises(DocumentReadError):
            read_text(path, SMALL)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < hidden // 2  # the 8 MB behind the declared size were never inflated


def _patch_declared_size(path: Path, name: str, size: int) -> None:
    """Rewrite a member's uncompressed size in its local header and its central directory entry."""
    data = bytearray(path.read_bytes())
    encoded = name.encode()
    # (signature, offset of the name length, offset of the name, offset of the uncompressed size)
    for signature, length_at, name_at, size_at in ((b"PK\x03\x04", 26, 30, 22), (b"PK\x01\x02", 28, 46, 24)):
        start = data.find(signature)
        while start != -1:
            length = struct.unpack_from("<H", data, start + length_at)[0]
            if data[start + name_at: start + name_at + length] == encoded:
                struct.pack_into("<I", data, start + size_at, size)
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))


def test_docx_text_over_the_limit_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DocumentLimitError) as info:
        read_text(_docx(tmp_path / "long.docx", paragraphs=300), SMALL)
    assert info.value.limit == "chars"


# --------------------------------------------------------------------------- a build skips, and says why


def test_build_skips_a_file_past_a_limit_with_its_reason(tmp_path: Path, e5: E5Embedder) -> None:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "good.txt").write_text("KẾ HOẠCH\nI. MỤC ĐÍCH\n" + SENTENCE, encoding="utf-8")
    _pdf(knowledge / "long.pdf", pages=25)
    report = build_knowledge(knowledge, tmp_path / "data", e5, show_progress=False, limits=SMALL)
    assert report.documents == 1
    assert [name for name, _ in report.skipped] == ["long.pdf"]
    assert "CCHC_MAX_PDF_PAGES" in report.skipped[0][1]
    assert report.refused["long.pdf"].limit == "pdf_pages"


# --------------------------------------------------------------------------- the isolated validation


def test_isolated_parse_equals_the_in_process_parse(tmp_path: Path) -> None:
    path = _docx(tmp_path / "plan.docx", paragraphs=20)
    isolated = parse_isolated(path, tmp_path, SMALL, timeout_s=60, memory_mb=1024)
    assert isolated == parse_file(path, tmp_path, SMALL)


def test_isolated_parse_reports_limits_and_read_errors(tmp_path: Path) -> None:
    with pytest.raises(DocumentLimitError) as info:
        parse_isolated(_pdf(tmp_path / "long.pdf", pages=25), tmp_path, SMALL, timeout_s=60, memory_mb=1024)
    assert (info.value.limit, info.value.found) == ("pdf_pages", 25)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + b"\x13" * 300)
    with pytest.raises(DocumentReadError, match="not a valid PDF"):
        parse_isolated(broken, tmp_path, SMALL, timeout_s=60, memory_mb=1024)


def test_isolated_parse_out_of_time(tmp_path: Path) -> None:
    path = _docx(tmp_path / "plan.docx", paragraphs=5)
    with pytest.raises(DocumentLimitError) as info:
        parse_isolated(path, tmp_path, SMALL, timeout_s=0.01, memory_mb=1024)  # not even time to start
    assert info.value.limit == "seconds"


def test_isolated_parse_out_of_memory(tmp_path: Path) -> None:
    """A text the bounds allow but that needs more memory than the child has: refused, not a crash."""
    path = tmp_path / "huge.txt"
    path.write_bytes(("KẾ HOẠCH\n" + (SENTENCE + " ") * 400_000).encode())  # ~35 MB of text, one line
    generous = ReadLimits(max_chars=100_000_000)
    with pytest.raises(DocumentLimitError) as info:
        parse_isolated(path, tmp_path, generous, timeout_s=120, memory_mb=256)
    assert info.value.limit == "memory_mb"
