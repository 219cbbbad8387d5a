"""Detect a document's own structure (I. / 1. / a) / bullets, or Markdown #) and chunk along it.

Why: an answer must cite "mục II.2" and stay inside one section; chunks cut at a fixed
size would mix sections and lose the heading that gives a bullet its meaning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from indexer.models import Chunk

# Section bodies longer than this are split at bullet boundaries: ~1,200 characters is
# 250-300 Vietnamese syllables, inside the 512-token window of the e5 embedder.
MAX_CHUNK_CHARS = 1200
# A piece shorter than this is merged into its neighbour of the same section: too short
# to be retrieved on its own merit.
MIN_CHUNK_CHARS = 200
# Heading texts kept in heading_path are cut to this length (long numbered items).
MAX_TITLE_CHARS = 100
# A numbered/lettered line longer than this, or ending a sentence, is an item whose text
# is content (kept in the body), not only a heading.
MAX_PURE_HEADING_CHARS = 120
# Unnumbered Markdown headings give their text as section label, cut to this length.
MAX_LABEL_CHARS = 40
# An answer unit (see `text_units`) longer than this is split into sentences so that one
# long paragraph cannot eat an answer's budget: about two sentences of a plan.
MAX_UNIT_CHARS = 280

PREAMBLE_TITLE = "Căn cứ ban hành"
INTRO_TITLE = "Mở đầu"
# Heading path of the header chunk: the number line ("Số: 18/KH-UBND"), the place/date
# line ("Ninh Giang, ngày 28 tháng 01 năm 2022") and the type and title lines. They are
# the only source text that says when a plan was issued, under which number and name.
HEADER_TITLE = "Thông tin văn bản"

_ROMAN_RE = re.compile(r"^(?P<label>[IVX]{1,5})\s*[.\-–]\s*(?P<text>\S.*)$")
_NUMBER_RE = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2})*)\.\s+(?P<text>\S.*)$")
_SUBNUMBER_RE = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2})+)\s+(?P<text>\S.*)$")
_LETTER_RE = re.compile(r"^(?P<label>[a-zđ])\)\s+(?P<text>\S.*)$")
_MARKDOWN_RE = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>\S.*?)\s*#*$")
_BULLET_RE = re.compile(r"^[-+–•*]\s+\S")
_SUB_BULLET_RE = re.compile(r"^\+\s")
_PREAMBLE_START_RE = re.compile(r"^(Căn cứ|Thực hiện|Theo|Xét|Để|Nhằm)\b")
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.;!?])\s+")
_SENTENCE_END = ".;!?"
# Share of cased letters that must be upper-case for a Roman heading or an all-caps line.
_UPPER_SHARE = 0.7
_MIN_UPPER_LETTERS = 3
# Levels: Roman sections above numbered items (1. is 2, 1.1. is 3), letters below all.
_ROMAN_LEVEL = 1
_LETTER_LEVEL = 10


@dataclass(frozen=True)
class Heading:
    """One heading line.

    Attributes:
        kind: Numbering kind: "roman", "number", "letter" or "" (unnumbered Markdown).
        level: Nesting depth; a heading closes every open heading of level >= its own.
        label: Numbering without punctuation ("II", "2", "1.1", "a") or "".
        title: Text stored in heading_path ("2. Nội dung tuyên truyền").
        lead: Content carried by the heading line itself (long numbered items), else "".
    """

    kind: str
    level: int
    label: str
    title: str
    lead: str = ""


@dataclass
class _Section:
    """A heading's own body, before chunking."""

    path: list[str]
    label: str
    heading: Heading | None
    body: list[str] = field(default_factory=list)


def is_upper_line(line: str) -> bool:
    """True for all-caps lines ("KẾ HOẠCH", "TM. ỦY BAN NHÂN DÂN")."""
    return is_upper_counts(*letter_counts(line))


def letter_counts(text: str) -> tuple[int, int]:
    """(letters, upper-case letters) of ``text``: what `is_upper_line` decides on.

    Counts add up over concatenation, so a paragraph being joined line by line keeps its
    all-caps test current without rescanning its growing text (`indexer.cleaning`).
    """
    letters = list(filter(str.isalpha, text))
    return len(letters), sum(map(str.isupper, letters))


def is_upper_counts(letters: int, upper: int) -> bool:
    """`is_upper_line` from the counts of `letter_counts`."""
    return letters >= _MIN_UPPER_LETTERS and upper == letters


def is_bullet(line: str) -> bool:
    """True for bullet lines ("- ...", "+ ...", "– ...", "• ...", "* ...")."""
    return bool(_BULLET_RE.match(line))


def is_block_start(line: str) -> bool:
    """True when a line opens a new block (heading, bullet, table row, all-caps line).

    Cleaning uses it to never glue such a line onto the previous paragraph.
    """
    return bool(
        parse_heading(line, markdown=True)
        or _BULLET_RE.match(line)
        or line.startswith("|")
        or is_upper_line(line)
    )


def parse_heading(line: str, *, markdown: bool = False) -> Heading | None:
    """Recognise a heading line.

    Args:
        line: One cleaned paragraph.
        markdown: Also recognise ``#`` headings. (In a Markdown document that has ``#``
            headings, `chunk_lines` uses only those; numbered lines are list items.)

    Returns:
        The heading, or None for body text.
    """
    if markdown:
        match = _MARKDOWN_RE.match(line)
        if match:
            return _markdown_heading(len(match["hashes"]), match["text"])
    return _plain_heading(line)


def _plain_heading(line: str) -> Heading | None:
    """Roman section, numbered item or lettered item; None otherwise."""
    match = _ROMAN_RE.match(line)
    if match and _mostly_upper(match["text"]):
        return Heading("roman", _ROMAN_LEVEL, match["label"], line)
    match = _NUMBER_RE.match(line) or _SUBNUMBER_RE.match(line)
    if match:
        level = _ROMAN_LEVEL + 1 + match["label"].count(".")
        return _item_heading("number", level, match["label"], line, match["text"])
    match = _LETTER_RE.match(line)
    if match:
        return _item_heading("letter", _LETTER_LEVEL, match["label"], line, match["text"])
    return None


def _item_heading(kind: str, level: int, label: str, line: str, text: str) -> Heading:
    """A numbered or lettered heading; a long or sentence-ending one keeps its text as lead."""
    ends_sentence = text.rstrip("”’\"')").endswith((".", ";"))
    if len(line) <= MAX_PURE_HEADING_CHARS and not ends_sentence:
        return Heading(kind, level, label, line)
    return Heading(kind, level, label, shorten(line, MAX_TITLE_CHARS), lead=text)


def _markdown_heading(depth: int, text: str) -> Heading:
    """A ``#`` heading; its own numbering ("## II. Nội dung") gives the section label."""
    numbered = _plain_heading(text)
    if numbered is not None:
        return Heading(numbered.kind, depth, numbered.label, text)
    return Heading("", depth, "", text)


def _mostly_upper(text: str) -> bool:
    """True when most cased letters are upper-case (Roman headings are all-caps)."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < _MIN_UPPER_LETTERS:
        return False
    return sum(1 for ch in letters if ch.isupper()) >= _UPPER_SHARE * len(letters)


def shorten(text: str, limit: int) -> str:
    """Cut text at a word boundary to at most ``limit`` characters, adding "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:- ")
    return f"{cut}…"


def chunk_lines(
    lines: Sequence[str], *, doc_id: str, markdown: bool = False, header: Sequence[str] = ()
) -> list[Chunk]:
    """Chunk a document body (header already removed) along its headings.

    Args:
        lines: Cleaned body paragraphs, one per entry.
        doc_id: Document id; chunk ids are ``f"{doc_id}#{index}"``.
        markdown: The source is Markdown. If it has ``#`` headings, only those structure
            it (numbered lines are then list items); otherwise plain rules apply.
        header: The header lines removed from the body (number, place/date, type, title).
            When given, they come first as one chunk under `HEADER_TITLE`, with no
            section label, so that "ban hành ngày nào" is answered from source text.

    Returns:
        Chunks in document order.
    """
    md_mode = markdown and any(_MARKDOWN_RE.match(line) for line in lines)
    sections = _sections(lines, markdown=md_mode)
    chunks: list[Chunk] = []
    header_text = "\n".join(line for line in header if line.strip())
    if header_text:
        chunks.append(Chunk(chunk_id=f"{doc_id}#0", doc_id=doc_id, heading_path=[HEADER_TITLE], text=header_text))
    for section in sections:
        for text in split_body(section.body):
            chunks.append(
                Chunk(
                    chunk_id=f"{doc_id}#{len(chunks)}",
                    doc_id=doc_id,
                    heading_path=list(section.path),
                    section=section.label,
                    text=text,
                )
            )
    return chunks


def _sections(lines: Sequence[str], *, markdown: bool) -> list[_Section]:
    """Group paragraphs under their heading; the first group is the preamble."""
    preamble = _Section(path=[], label="", heading=None)
    sections = [preamble]
    stack: list[Heading] = []
    for line in lines:
        heading = _markdown_only(line) if markdown else _plain_heading(line)
        if heading is None:
            sections[-1].body.append(line)
            continue
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        stack.append(heading)
        body = [heading.lead] if heading.lead else []
        sections.append(_Section([h.title for h in stack], section_label(stack), heading, body))
    preamble.path = _preamble_path(preamble.body, has_headings=len(sections) > 1)
    _fill_empty_leaves(sections)
    return [s for s in sections if s.body]


def _markdown_only(line: str) -> Heading | None:
    """In Markdown mode only ``#`` lines are headings."""
    match = _MARKDOWN_RE.match(line)
    return _markdown_heading(len(match["hashes"]), match["text"]) if match else None


def section_label(stack: Sequence[Heading]) -> str:
    """Citation label of the innermost heading: "II.2", "II.2.a", "I", "1.1".

    Roman, the innermost number and the innermost letter are joined; an unnumbered
    Markdown heading is cited by its (shortened) text.
    """
    if not stack:
        return ""
    if not stack[-1].kind:
        return shorten(stack[-1].title, MAX_LABEL_CHARS)
    parts: list[str] = []
    for kind in ("roman", "number", "letter"):
        labels = [h.label for h in stack if h.kind == kind]
        if labels:
            parts.append(labels[-1])
    return ".".join(parts)


def _preamble_path(body: Sequence[str], *, has_headings: bool) -> list[str]:
    """Heading path of the text before the first heading."""
    if body and _PREAMBLE_START_RE.match(body[0]):
        return [PREAMBLE_TITLE]
    return [INTRO_TITLE] if has_headings else []


def _fill_empty_leaves(sections: list[_Section]) -> None:
    """Give a heading with no body and no children its own line as text.

    Why: "2. Phạm vi: Các khu công nghiệp trên địa bàn tỉnh" says everything on the
    heading line; without this it would never be retrievable.
    """
    for index, section in enumerate(sections):
        if section.body or section.heading is None:
            continue
        following = sections[index + 1] if index + 1 < len(sections) else None
        has_child = following is not None and following.path[: len(section.path)] == section.path and len(
            following.path
        ) > len(section.path)
        if not has_child:
            section.body.append(_strip_marker(section.heading.title))


def _strip_marker(title: str) -> str:
    """Heading text without its numbering ("2. Phạm vi: ..." -> "Phạm vi: ...")."""
    heading = _plain_heading(title)
    if heading is None:
        return title
    for regex in (_ROMAN_RE, _NUMBER_RE, _SUBNUMBER_RE, _LETTER_RE):
        match = regex.match(title)
        if match:
            return match["text"]
    return title


def split_body(body: Sequence[str]) -> list[str]:
    """Split one section body into chunk texts at bullet boundaries.

    A "+" sub-bullet stays with the line above it when they fit together; a single
    paragraph longer than `MAX_CHUNK_CHARS` is split at sentence boundaries.

    Args:
        body: Paragraphs and bullets of one section.

    Returns:
        Chunk texts (lines joined with "\\n"); empty when the body is empty.
    """
    if not body:
        return []
    pieces: list[list[str]] = []
    current: list[str] = []
    for unit in _units(body):
        if current and _size(current + unit) > MAX_CHUNK_CHARS:
            pieces.append(current)
            current = []
        if _size(unit) > MAX_CHUNK_CHARS:
            pieces.extend(_split_unit(unit))
            continue
        current = current + unit
    if current:
        pieces.append(current)
    return ["\n".join(piece) for piece in _merge_small(pieces)]


def _units(body: Sequence[str]) -> list[list[str]]:
    """Group each line with the "+" sub-bullets that follow it."""
    units: list[list[str]] = []
    for line in body:
        if units and _SUB_BULLET_RE.match(line):
            units[-1].append(line)
        else:
            units.append([line])
    return units


def _split_unit(unit: list[str]) -> list[list[str]]:
    """Split an oversize unit line by line, and oversize lines by sentence."""
    pieces: list[list[str]] = []
    current: list[str] = []
    for line in unit:
        parts = [line] if len(line) <= MAX_CHUNK_CHARS else split_sentences(line, MAX_CHUNK_CHARS)
        for part in parts:
            if current and _size(current + [part]) > MAX_CHUNK_CHARS:
                pieces.append(current)
                current = []
            current.append(part)
    if current:
        pieces.append(current)
    return pieces


def split_sentences(text: str, limit: int) -> list[str]:
    """Pack the sentences of one long paragraph into parts of at most ``limit`` characters.

    Sentences end at ". ", "; ", "! ", "? ". A sentence longer than ``limit`` is cut at
    word boundaries as a last resort.
    """
    pieces = [piece for sentence in _SENTENCE_SPLIT_RE.split(text) for piece in _hard_split(sentence, limit)]
    return _pack(pieces, limit)


def _hard_split(text: str, limit: int) -> list[str]:
    """Cut text with no sentence break at word boundaries."""
    return _pack(text.split(" "), limit)


def _pack(pieces: Sequence[str], limit: int) -> list[str]:
    """Join pieces with spaces greedily into parts of at most ``limit`` characters
    (a single piece longer than ``limit`` stays whole)."""
    parts: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current} {piece}" if current else piece
        if current and len(candidate) > limit:
            parts.append(current)
            candidate = piece
        current = candidate
    if current:
        parts.append(current)
    return parts


# Sentence ends inside one line, before an upper-case letter, digit, quote, bracket or dash.
_UNIT_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-ZÀ-Ỹ\d\"“(-])")


def text_units(text: str) -> list[str]:
    """The answer units of a chunk: its lines (bullets, paragraphs), long ones split into sentences.

    The answerer quotes whole units; the store embeds each one (``unit_vectors.npy``) in
    this order, so the reader and the writer must split alike: both call this function.
    """
    return [unit for unit, _ in text_unit_lines(text)]


def text_unit_lines(text: str) -> list[tuple[str, bool]]:
    """`text_units`, each with whether it continues the line of the unit before it.

    A later sentence of a long bullet ("+ Cải cách TTHC: ... . Tuyên truyền các vấn đề ...")
    is still part of that bullet: it must not close the list the bullet belongs to.
    """
    out: list[tuple[str, bool]] = []
    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        parts = [line] if len(line) <= MAX_UNIT_CHARS else [s.strip() for s in _UNIT_SENTENCE_END.split(line) if s.strip()]
        out.extend((part, n > 0) for n, part in enumerate(parts))
    return out


def _merge_small(pieces: list[list[str]]) -> list[list[str]]:
    """Merge a piece shorter than `MIN_CHUNK_CHARS` into its neighbour when both fit."""
    merged: list[list[str]] = []
    for piece in pieces:
        if merged and (_size(piece) < MIN_CHUNK_CHARS or _size(merged[-1]) < MIN_CHUNK_CHARS):
            if _size(merged[-1] + piece) <= MAX_CHUNK_CHARS + MIN_CHUNK_CHARS:
                merged[-1] = merged[-1] + piece
                continue
        merged.append(piece)
    return merged


def _size(lines: Sequence[str]) -> int:
    """Characters of lines joined with newlines."""
    return sum(len(line) for line in lines) + max(0, len(lines) - 1)
