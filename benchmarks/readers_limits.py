"""Time and peak memory of reading knowledge files at and past the per-file limits.

Why: a knowledge file is untrusted input; before issue 12 a 1 MB unpunctuated text took
13 s to parse (quadratic joining), a .docx expanding to 1 GB ran for minutes at 6.9 GB and
a 10,000-page PDF was accepted. This script feeds the readers (``indexer.parse.parse_file``,
the path every build and upload validation takes) texts of 1, 5 and 20 MB and a .docx and a
PDF at the caps and just past them, each in a fresh process so that its peak RSS is its own:

* with the default limits, every case is parsed within the caps or refused by one, in
  bounded time and memory;
* with the limits lifted (the text cases only), time and memory grow linearly with the size.

Run from the repository root (needs the dev extra for fpdf2)::

    .venv/bin/python benchmarks/readers_limits.py
    .venv/bin/python benchmarks/readers_limits.py --sizes 1 5 --no-office   # quicker
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import asdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from indexer.errors import DocumentLimitError, DocumentReadError  # noqa: E402
from indexer.limits import DEFAULT_LIMITS, ReadLimits  # noqa: E402

# The worst case for line joining: lower-case lines without punctuation, one paragraph.
LINE = "cải cách hành chính là nhiệm vụ trọng tâm của các cấp các ngành trong giai đoạn mới\n"
SENTENCE = "Cải cách hành chính là nhiệm vụ trọng tâm của các cấp, các ngành trong giai đoạn mới. "
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LIFTED = ReadLimits(max_chars=10**9, max_pdf_pages=10**6, max_docx_bytes=10**12)
MB = 1024 * 1024


def _text(path: Path, megabytes: float) -> Path:
    line = LINE.encode("utf-8")
    path.write_bytes("KẾ HOẠCH\n".encode() + line * int(megabytes * MB / len(line)))
    return path


def _docx(path: Path, target_bytes: int = 0, paragraphs: int | None = None) -> Path:
    """A .docx of ``paragraphs`` sentences, or one whose declared uncompressed size is about
    ``target_bytes`` (about half of its XML is text: the size cap is far past the text cap)."""
    import docx

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.save(str(path))
    with zipfile.ZipFile(path) as archive:
        base = sum(member.file_size for member in archive.infolist())
        xml = archive.read("word/document.xml").decode("utf-8")
    paragraph = f"<w:p><w:r><w:t>{SENTENCE}</w:t></w:r></w:p>"
    count = paragraphs if paragraphs is not None else max(0, (target_bytes - base) // len(paragraph.encode()))
    body = paragraph * count
    xml = xml.replace("</w:body>", body + "</w:body>", 1)
    rebuilt = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            data = xml.encode() if member.filename == "word/document.xml" else source.read(member)
            archive.writestr(member.filename, data)
    rebuilt.replace(path)
    return path


def _pdf(path: Path, pages: int) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.set_font("DejaVu", size=9)
    for number in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 4, f"{number + 1}. " + SENTENCE * 20)
    pdf.output(str(path))
    return path


def _child(path: Path, limits: ReadLimits) -> dict[str, object]:
    """Parse once in this (fresh) process; outcome, seconds and peak RSS."""
    from indexer.parse import parse_file

    started = time.perf_counter()
    try:
        parsed = parse_file(path, path.parent, limits)
        outcome = f"parsed: {len(parsed.chunks)} chunks"
    except DocumentLimitError as exc:
        outcome = f"refused: {exc.limit}" + (f" {exc.found:g} > {exc.maximum:g}" if exc.found is not None else
                                              f" > {exc.maximum:g}")
    except DocumentReadError as exc:
        outcome = f"unreadable: {exc.reason[:40]}"
    seconds = time.perf_counter() - started
    return {"outcome": outcome, "seconds": seconds, "peak_mb": _peak_rss_kb() / 1024}


def _peak_rss_kb() -> int:
    """This process's peak resident set size: VmHWM, which an exec starts afresh (ru_maxrss
    keeps the high-water mark of the process that forked us)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux


def _measure(path: Path, limits: ReadLimits) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(path), json.dumps(asdict(limits))],
        capture_output=True, text=True, check=True, cwd=REPO,
    )
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 20], help="Text sizes in MB.")
    parser.add_argument("--no-office", action="store_true", help="Skip the .docx and PDF cases.")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(Path(args.child[0]), ReadLimits(**json.loads(args.child[1])))))
        return

    from bot.evaluation.bench import format_table  # here, not at the top: the children stay light

    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="cchc-readers-") as scratch:
        root = Path(scratch)
        cases: list[tuple[str, Path, ReadLimits]] = []
        for size in args.sizes:
            path = _text(root / f"text-{size:g}mb.txt", size)
            cases.append((f"{size:g} MB .txt, default limits", path, DEFAULT_LIMITS))
        for size in args.sizes:
            cases.append((f"{size:g} MB .txt, limits lifted", root / f"text-{size:g}mb.txt", LIFTED))
        if not args.no_office:
            cap = DEFAULT_LIMITS.max_docx_bytes
            sentences = int(DEFAULT_LIMITS.max_chars * 0.95 / len(SENTENCE))  # 95% of the text cap
            cases.append(("docx at 95% of the text cap", _docx(root / "text-cap.docx", paragraphs=sentences),
                          DEFAULT_LIMITS))
            cases.append(("docx just under the size cap", _docx(root / "at-cap.docx", cap - MB), DEFAULT_LIMITS))
            cases.append(("docx just over the size cap", _docx(root / "over-cap.docx", cap + MB), DEFAULT_LIMITS))
            pages = DEFAULT_LIMITS.max_pdf_pages
            cases.append((f"pdf at the page cap ({pages})", _pdf(root / "at-cap.pdf", pages), DEFAULT_LIMITS))
            cases.append((f"pdf over the page cap ({pages + 1})", _pdf(root / "over-cap.pdf", pages + 1),
                          DEFAULT_LIMITS))
        for label, path, limits in cases:
            result = _measure(path, limits)
            size = path.stat().st_size / MB
            rows.append((f"{label} [{size:.2f} MB file]",
                         f"{result['seconds']:.2f} s, peak {result['peak_mb']:.0f} MB, {result['outcome']}"))
            print(f"{rows[-1][0]}: {rows[-1][1]}", file=sys.stderr, flush=True)
    print(format_table(rows))
    print(f"Default limits: {DEFAULT_LIMITS.max_chars:,} characters, {DEFAULT_LIMITS.max_pdf_pages} PDF pages, "
          f"{DEFAULT_LIMITS.max_docx_bytes / MB:.0f} MB uncompressed .docx.")


if __name__ == "__main__":
    main()
