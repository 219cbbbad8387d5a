"""Clean raw document text before structure detection.

Why: plans arrive as copy-paste from Word/PDF with NFD/NFC mixes, Markdown emphasis
(``**KT. GIÁM ĐỐC**``), lines broken mid-sentence (often with a blank line inside the
sentence) and a tail (recipient list, signature block, signer's name) that must never be
quoted as an answer. This module returns the body as one paragraph per line, plus the
tail kept apart for metadata (the signature tells who issued the document).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from indexer.structure import is_block_start, is_bullet, is_upper_counts, is_upper_line, letter_counts, parse_heading
from indexer.textnorm import normalize

# A line ending in one of these closes its sentence; anything else may continue.
SENTENCE_END = ".;:!?"
# Closing quotes and brackets are transparent when looking for the sentence end ("…Minh”").
_CLOSERS = "”’\"')]»*"
_BOLD_RE = re.compile(r"\*\*|__")
# Single-star emphasis around text (*qua Phòng Hành chính*), not a "* " bullet marker.
_ITALIC_RE = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_SPACE_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_ZERO_WIDTH_RE = re.compile(r"[\u200c\u200d\u2060\ufeff]")
_RECIPIENTS_RE = re.compile(r"^nơi\s+nhận\b", re.IGNORECASE)
# Signature block: "TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC", "Q. CHÁNH VĂN PHÒNG", or a bare
# signer title such as "PHÓ TRƯỞNG BAN".
_SIGN_PREFIX_RE = re.compile(r"^(TM|KT|TL|TUQ|Q|QUYỀN)\.\s*\S")
_SIGNER_TITLE_RE = re.compile(
    r"^(PHÓ\s+)?(GIÁM ĐỐC|CHỦ TỊCH|TRƯỞNG BAN|TRƯỞNG PHÒNG|CHÁNH VĂN PHÒNG|CHÁNH THANH TRA|"
    r"BỘ TRƯỞNG|THỨ TRƯỞNG|THỦ TRƯỞNG|CỤC TRƯỞNG|CHI CỤC TRƯỞNG|VIỆN TRƯỞNG|HIỆU TRƯỞNG|"
    r"TỔNG GIÁM ĐỐC|BÍ THƯ|TRƯỞNG ĐOÀN)\b"
)
# Signature lines are short; a longer all-caps line is a heading, not a signer title.
_MAX_SIGNATURE_CHARS = 60
_CLOSING_RE = re.compile(r"^Trên đây là\b")
# Closing paragraphs sit at the very end of the body; look no further back than this.
_CLOSING_WINDOW = 2
# A printed A4 line holds ~90-100 characters; a heading line shorter than this ended on its
# own ("1. Mục tiêu"), a longer one may have wrapped onto the next PDF line.
_MIN_WRAPPED_HEADING_CHARS = 80
# PDF page furniture: "2", "- 2 -", "Trang 2".
_PAGE_NUMBER_RE = re.compile(r"^(?:-\s*)?(?:trang\s+)?\d{1,3}(?:\s*-)?$", re.IGNORECASE)


@dataclass(frozen=True)
class CleanedText:
    """Body paragraphs (one per line, in order) and the separated tail.

    Attributes:
        lines: Paragraphs, headings and bullets of the body, no blank entries.
        tail: Recipient list, signature block, signer's name and the closing
            "Trên đây là ..." paragraph: kept for metadata, never for answers.
    """

    lines: tuple[str, ...]
    tail: tuple[str, ...]

    @property
    def body(self) -> str:
        """The body as text, one paragraph per line."""
        return "\n".join(self.lines)


def clean_text(text: str) -> CleanedText:
    """Normalise, strip markup, split off the tail and join broken lines.

    Args:
        text: Raw text from `indexer.readers.read_text` (front matter already removed).

    Returns:
        The cleaned body and tail.
    """
    raw = [clean_line(line) for line in normalize(text).splitlines()]
    raw = ["" if _PAGE_NUMBER_RE.match(line) else line for line in raw]
    body, tail = split_tail(raw)
    paragraphs = [strip_markup(paragraph) for paragraph in join_broken_lines(body)]
    paragraphs, closing = split_closing(paragraphs)
    return CleanedText(lines=tuple(paragraphs), tail=tuple(closing + [t for t in tail if t]))


def clean_line(line: str) -> str:
    """One line without emphasis markers, odd spaces or surrounding whitespace."""
    line = _ZERO_WIDTH_RE.sub("", line)
    line = strip_markup(line)
    return _SPACE_RE.sub(" ", line).strip()


def strip_markup(text: str) -> str:
    """Remove Markdown bold/italic markers but keep the words and bullet markers.

    Args:
        text: A line or a paragraph.

    Returns:
        The text without ``**``/``__`` and without ``*`` wrapped around words.
    """
    text = _BOLD_RE.sub("", text)
    return _ITALIC_RE.sub(r"\1", text)


def split_tail(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """Split raw lines at the recipient list or the signature block, whichever is first.

    Only lines after the first quarter of the document are candidates, so that header
    lines can never cut a document short.

    Args:
        lines: Cleaned raw lines (blank lines allowed).

    Returns:
        ``(body, tail)``; the tail is empty when no marker was found.
    """
    first_candidate = max(1, len(lines) // 4)
    for index in range(first_candidate, len(lines)):
        if is_tail_marker(lines[index]):
            return list(lines[:index]), list(lines[index:])
    return list(lines), []


def is_tail_marker(line: str) -> bool:
    """True for "Nơi nhận:" and for signature-block lines ("TM. ỦY BAN NHÂN DÂN")."""
    if _RECIPIENTS_RE.match(line):
        return True
    if not line or len(line) > _MAX_SIGNATURE_CHARS or not is_upper_line(line):
        return False
    return bool(_SIGN_PREFIX_RE.match(line) or _SIGNER_TITLE_RE.match(line))


def join_broken_lines(lines: Sequence[str]) -> list[str]:
    """Join lines that continue the previous line's sentence; drop blank lines.

    A blank line does not end a sentence here: copy-paste from PDF/Word often puts one
    in the middle ("thường xuyên,\\n\\nliên tục"). A line continues the previous one when
    the previous does not end with sentence punctuation and the line starts with a
    lower-case letter (or a digit after a lower-case word, or anything after a comma),
    or the previous ends with ";" and the line starts lower-case (no paragraph starts
    lower-case), unless the line is a heading, bullet or all-caps line.

    Linear in the input: a paragraph is built as a list of lines whose all-caps counts and
    last character are kept up to date (`_Paragraph`), never rescanned or re-copied while
    it grows (1 MB of text without punctuation is one paragraph).

    Args:
        lines: Cleaned raw lines, blank lines allowed.

    Returns:
        Paragraphs, one per entry, without blanks.
    """
    paragraphs: list[_Paragraph] = []
    for line in lines:
        if not line:
            continue
        if paragraphs and paragraphs[-1].continues_with(line):
            paragraphs[-1].add(line)
        else:
            paragraphs.append(_Paragraph(line))
    return [paragraph.text() for paragraph in paragraphs]


def continues_sentence(previous: str, line: str) -> bool:
    """Whether ``line`` is the rest of the sentence that ``previous`` started."""
    return _Paragraph(previous).continues_with(line)


class _Paragraph:
    """A paragraph being joined: its lines, plus what the joining rules ask of its text.

    Why: the rules look at the whole paragraph (is it all caps? how does it end?), and a
    paragraph can grow to the whole document; recomputing them from the joined text at
    every line made reading quadratic (13 s for 1 MB). Letter counts add up, and the end
    is decided by the last line alone, so each line is looked at once.
    """

    __slots__ = ("parts", "letters", "upper", "chars")

    def __init__(self, line: str) -> None:
        self.parts = [line]
        self.letters, self.upper = letter_counts(line)
        self.chars = len(line)

    def add(self, line: str) -> None:
        """Append ``line``, separated by one space (as ``" ".join`` of the parts)."""
        letters, upper = letter_counts(line)
        self.parts.append(line)
        self.letters += letters
        self.upper += upper
        self.chars += 1 + len(line)

    def text(self) -> str:
        """The joined paragraph."""
        return " ".join(self.parts)

    def is_upper(self) -> bool:
        """`is_upper_line` of the joined text."""
        return is_upper_counts(self.letters, self.upper)

    def end(self) -> str:
        """The joined text's last character once closing quotes and brackets are set aside.

        Equals ``(text.rstrip(_CLOSERS) or text)[-1]``: the separating space is what
        remains when the last line is only closers.
        """
        last = self.parts[-1]
        stripped = last.rstrip(_CLOSERS)
        if stripped:
            return stripped[-1]
        return " " if len(self.parts) > 1 else last[-1]

    def continues_with(self, line: str) -> bool:
        """Whether ``line`` is the rest of this paragraph's sentence (see `join_broken_lines`)."""
        if is_block_start(line) or self.is_upper() or self.parts[0].startswith("#"):
            return False
        end = self.end()
        first = line[0]
        if end == ";" and first.islower():  # a clause list wrapped after its semicolon
            return True
        if end in SENTENCE_END:
            return False
        if first.islower():
            return True
        if end == ",":
            return True
        return first.isdigit() and end.islower()

    def wraps_onto(self, line: str) -> bool:
        """Whether ``line`` is the printed continuation of this paragraph (PDF rules)."""
        if self.is_upper():
            return False
        if self.chars < _MIN_WRAPPED_HEADING_CHARS and parse_heading(self.text()) is not None:
            return False
        if parse_heading(line) is not None or is_bullet(line) or line.startswith("|"):
            return False
        if is_upper_line(line) and " " in line:  # an all-caps phrase, not a lone acronym
            return False
        return self.end() not in SENTENCE_END


def split_closing(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Move a closing "Trên đây là Kế hoạch ..." paragraph (and what follows) to the tail.

    Why: it restates the title and belongs to no section; left in place it would pollute
    the last item's chunk.

    Args:
        paragraphs: Joined body paragraphs.

    Returns:
        ``(body, closing)``.
    """
    start = max(0, len(paragraphs) - _CLOSING_WINDOW)
    for index in range(start, len(paragraphs)):
        if _CLOSING_RE.match(paragraphs[index]):
            return paragraphs[:index], paragraphs[index:]
    return paragraphs, []


def join_wrapped_lines(lines: Sequence[str]) -> list[str]:
    """Bolder second pass for PDF bodies: also join wraps that continue with a capital.

    PDF text extraction returns one line per printed line, so a sentence often wraps
    onto a line starting with an acronym or a name ("... trong quá trình" / "CCHC.").
    Any non-heading line that does not end its sentence takes the next line unless that
    line opens a block. Not for the header (the title would swallow the preamble) and
    not for Word/text/Markdown sources, whose line ends are the author's.

    Args:
        lines: Body paragraphs after `clean_text` (header excluded).

    Returns:
        Paragraphs, markup stripped again (emphasis may have spanned the wrap).
    """
    paragraphs: list[_Paragraph] = []
    for line in lines:
        if paragraphs and paragraphs[-1].wraps_onto(line):
            paragraphs[-1].add(line)
        else:
            paragraphs.append(_Paragraph(line))
    return [strip_markup(paragraph.text()) for paragraph in paragraphs]
