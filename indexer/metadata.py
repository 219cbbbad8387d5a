"""Document identity (number, issuer, place, date, type, title) from the header or sidecars.

Why: every chunk must cite its document ("Kế hoạch 18/KH-UBND ngày 28/01/2022 của UBND
huyện Ninh Giang"). The header usually says most of it; a ``<stem>.meta.yaml`` sidecar
(or Markdown front matter) fills gaps and corrects what the header gets wrong.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from indexer.errors import DocumentReadError
from indexer.models import DocumentMeta
from indexer.structure import is_upper_line, parse_heading
from indexer.textnorm import normalize

logger = logging.getLogger(__name__)

SIDECAR_SUFFIX = ".meta.yaml"
# Fields a sidecar or front matter may set; identity fields are computed, never overridden.
OVERRIDABLE_FIELDS: frozenset[str] = frozenset(DocumentMeta.model_fields) - {"doc_id", "path", "source_hash"}

# All-caps type line → display form. Longest first so "NGHỊ QUYẾT" wins over shorter ones.
DOC_TYPES: dict[str, str] = {
    "KẾ HOẠCH": "Kế hoạch",
    "QUYẾT ĐỊNH": "Quyết định",
    "NGHỊ QUYẾT": "Nghị quyết",
    "NGHỊ ĐỊNH": "Nghị định",
    "THÔNG TƯ": "Thông tư",
    "CHỈ THỊ": "Chỉ thị",
    "CÔNG VĂN": "Công văn",
    "THÔNG BÁO": "Thông báo",
    "BÁO CÁO": "Báo cáo",
    "HƯỚNG DẪN": "Hướng dẫn",
    "CHƯƠNG TRÌNH": "Chương trình",
    "ĐỀ ÁN": "Đề án",
    "TỜ TRÌNH": "Tờ trình",
}
_TYPE_RE = re.compile(r"^(?P<type>" + "|".join(sorted(DOC_TYPES, key=len, reverse=True)) + r")(?![\w])\s*(?P<rest>.*)$")
# The type line sits in the first lines of a document; never look deeper for it.
_HEADER_SEARCH_LINES = 15
# A title block longer than this is a preamble paragraph, not a title.
_MAX_TITLE_CHARS = 250
_NUMBER_RE = re.compile(r"\bSố\s*[:.]?\s*(?P<digits>\d*)\s*/\s*(?P<suffix>[0-9A-Za-zĐđ&.\-/]*[A-Za-zĐđ])")
_PLACE_DATE_RE = re.compile(
    r"(?P<place>[^\W\d][\w .\-]*?)\s*,\s*ngày\s*(?P<day>\d{1,2})?\s*tháng\s*(?P<month>\d{1,2})?\s*năm\s*(?P<year>\d{4})",
    re.IGNORECASE,
)
_HEADER_LINE_RE = re.compile(r"^(Số\b|Độc lập|CỘNG HÒA|V/v\b)|,\s*ngày\b")
_ISSUER_RE = re.compile(
    r"(?<![\w/\-])(?P<issuer>(?:Sở|Ban|Ủy ban nhân dân|UBND|Phòng|Cục|Chi cục|Trung tâm|Văn phòng|Bộ|"
    r"Tổng cục|Hội đồng nhân dân|HĐND)\s[^,;:()]{0,80}?)\s*(?:\([^)]*\)\s*)?(?:xây dựng|ban hành)\b"
)
# An issuer that ends with a bare locality word gets the place name appended.
_GENERIC_LOCALITY_RE = re.compile(r"\s(huyện|tỉnh|thành phố|thị xã|quận|xã)$")
_SIGNATURE_ISSUER_RE = re.compile(r"^TM\.\s*(?P<body>.+)$")
_FRONT_MATTER_RE = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<yaml>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class HeaderInfo:
    """Where the header ends and what its type/title lines say.

    Attributes:
        end: Index of the first body line (preamble or first heading).
        doc_type: Display form of the type ("Kế hoạch") or "".
        title: Title lines after the type line, joined, or "".
    """

    end: int
    doc_type: str
    title: str


def locate_header(lines: Sequence[str], *, markdown: bool = False) -> HeaderInfo:
    """Find the header (number, place/date, type and title lines) at the top of a body.

    Args:
        lines: Cleaned paragraphs of the whole document.
        markdown: Accept a leading ``# Title`` line as the title.

    Returns:
        The header's extent, type and title.
    """
    if markdown and lines and lines[0].startswith("# "):
        return HeaderInfo(end=1, doc_type="", title=lines[0][2:].strip())
    limit = min(len(lines), _HEADER_SEARCH_LINES)
    for index in range(limit):
        if parse_heading(lines[index]) is not None:
            limit = index
            break
    for index in range(limit):
        match = _TYPE_RE.match(lines[index])
        if match:
            return _header_from_type_line(lines, index, limit, match)
    end = 0
    while end < limit and (_HEADER_LINE_RE.search(lines[end]) or is_upper_line(lines[end])):
        end += 1
    return HeaderInfo(end=end, doc_type="", title="")


def _header_from_type_line(lines: Sequence[str], index: int, limit: int, match: re.Match[str]) -> HeaderInfo:
    """Header ending at the type line, or at the title line right after it."""
    doc_type = DOC_TYPES[match["type"]]
    rest = match["rest"].strip()
    if rest:
        return HeaderInfo(end=index + 1, doc_type=doc_type, title=rest)
    following = index + 1
    if following < limit and _looks_like_title(lines[following]):
        return HeaderInfo(end=following + 1, doc_type=doc_type, title=lines[following])
    return HeaderInfo(end=index + 1, doc_type=doc_type, title="")


def _looks_like_title(line: str) -> bool:
    """A title is short and is not the "Căn cứ ..." preamble."""
    return len(line) <= _MAX_TITLE_CHARS and not line.startswith("Căn cứ")


def extract_fields(lines: Sequence[str], header: HeaderInfo, tail: Sequence[str]) -> dict[str, Any]:
    """Read metadata fields from the header, the preamble and the signature block.

    Args:
        lines: Cleaned paragraphs of the whole document.
        header: Result of `locate_header` on the same lines.
        tail: Tail lines (signature block, recipients) from cleaning.

    Returns:
        Only the fields that were found, as `DocumentMeta` keyword arguments.
    """
    fields: dict[str, Any] = {}
    if header.doc_type:
        fields["doc_type"] = header.doc_type
    if header.title:
        fields["title"] = header.title
    head = lines[: header.end]
    number = parse_number(head)
    if number:
        fields["number"] = number
    for line in head:
        found = parse_place_date(line)
        if found:
            fields.update(found)
            break
    issuer = find_issuer(_preamble(lines, header.end), tail, place=fields.get("place"))
    if issuer:
        fields["issuer"] = issuer
    return fields


def _preamble(lines: Sequence[str], start: int) -> list[str]:
    """Paragraphs between the header and the first heading."""
    preamble: list[str] = []
    for line in lines[start:]:
        if parse_heading(line, markdown=True) is not None:
            break
        preamble.append(line)
    return preamble


def parse_number(lines: Sequence[str]) -> str | None:
    """The document number from a "Số: 18/KH-UBND" line.

    A blank number ("Số: /KH-BQL", not yet numbered when published) is returned as
    "/KH-BQL": `DocumentMeta.label` skips numbers starting with "/", and the suffix still
    tells which office issued it.

    Args:
        lines: Header lines.

    Returns:
        "18/KH-UBND", "/KH-BQL" or None.
    """
    for line in lines:
        match = _NUMBER_RE.search(line)
        if match:
            return f"{match['digits']}/{match['suffix']}"
    return None


def parse_place_date(line: str) -> dict[str, Any]:
    """Place and date from "Ninh Giang, ngày 28 tháng 01 năm 2022".

    Blank day or month (documents published before numbering) give a partial
    ``date_text`` ("tháng 5/2024") and no ISO ``date``.

    Args:
        line: One header line.

    Returns:
        Keys place, date, date_text, year (only those found); empty if no match.
    """
    match = _PLACE_DATE_RE.search(line)
    if not match:
        return {}
    year = int(match["year"])
    day = int(match["day"]) if match["day"] else None
    month = int(match["month"]) if match["month"] else None
    fields: dict[str, Any] = {"place": match["place"].strip(), "year": year}
    if day and month and _valid_date(year, month, day):
        fields["date"] = dt.date(year, month, day).isoformat()
        fields["date_text"] = f"{day:02d}/{month:02d}/{year}"
    elif month and 1 <= month <= 12:
        fields["date_text"] = f"tháng {month}/{year}"
    else:
        fields["date_text"] = f"năm {year}"
    return fields


def _valid_date(year: int, month: int, day: int) -> bool:
    """True when the numbers form a real calendar date."""
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def find_issuer(preamble: Sequence[str], tail: Sequence[str], *, place: str | None) -> str | None:
    """Best-effort issuing body.

    First the preamble's issuing sentence ("Sở Tài chính xây dựng kế hoạch",
    "Ủy ban nhân dân huyện ban hành Kế hoạch"), read from the last paragraph backwards
    because that sentence closes the preamble; then the "TM. ..." signature line.

    Args:
        preamble: Paragraphs before the first heading.
        tail: Tail lines from cleaning.
        place: Place from the date line, appended to a bare "huyện"/"tỉnh".

    Returns:
        The issuer ("UBND huyện Ninh Giang") or None.
    """
    for paragraph in reversed(preamble):
        match = _ISSUER_RE.search(paragraph)
        if match:
            return _tidy_issuer(match["issuer"], place)
    for line in tail:
        match = _SIGNATURE_ISSUER_RE.match(line)
        if match:
            return _tidy_issuer(match["body"].strip().capitalize(), place=None)
    return None


def _tidy_issuer(issuer: str, place: str | None) -> str:
    """Abbreviate "Ủy ban nhân dân" to "UBND" and complete a bare locality with the place."""
    issuer = re.sub(r"^ủy ban nhân dân", "UBND", issuer.strip(), flags=re.IGNORECASE)
    if place and _GENERIC_LOCALITY_RE.search(issuer):
        issuer = f"{issuer} {place}"
    return issuer


def split_front_matter(text: str, *, path: Path) -> tuple[dict[str, Any], str]:
    """Separate YAML front matter (``---`` ... ``---`` at the top) from Markdown text.

    Args:
        text: Raw Markdown.
        path: The file, for error messages.

    Returns:
        ``(front_matter, rest_of_text)``; an empty dict when there is none.

    Raises:
        DocumentReadError: The front matter is not valid YAML or not a mapping.
    """
    match = _FRONT_MATTER_RE.match(text)
    if not match:
        return {}, text
    data = _load_yaml(match["yaml"], path=path, what="front matter")
    return data, text[match.end() :]


def sidecar_path(path: Path) -> Path:
    """The sidecar of a document: ``plans/002_x.txt`` → ``plans/002_x.meta.yaml``."""
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def load_sidecar(path: Path) -> dict[str, Any] | None:
    """Read the sidecar next to a document, if any.

    Args:
        path: The document (not the sidecar).

    Returns:
        The sidecar mapping, or None when there is no sidecar.

    Raises:
        DocumentReadError: The sidecar is not valid YAML or not a mapping.
    """
    sidecar = sidecar_path(path)
    if not sidecar.is_file():
        return None
    return _load_yaml(sidecar.read_text(encoding="utf-8-sig"), path=sidecar, what="sidecar")


def _load_yaml(text: str, *, path: Path, what: str) -> dict[str, Any]:
    """Parse a YAML mapping, wrapping every failure in `DocumentReadError`."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DocumentReadError(path, f"invalid YAML in {what}: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DocumentReadError(path, f"{what} must be a YAML mapping of field: value, got {type(data).__name__}")
    return {str(key): value for key, value in data.items()}


def build_meta(
    *,
    doc_id: str,
    path: str,
    extracted: Mapping[str, Any],
    overrides: Sequence[Mapping[str, Any]] = (),
    source_hash: str = "",
) -> DocumentMeta:
    """Merge extracted fields with overrides (later wins) into a `DocumentMeta`.

    Unknown override keys are logged and ignored (front matter may carry other tools'
    keys); string values are normalised like the text so that citations match queries.

    Args:
        doc_id: Document id.
        path: Path relative to the knowledge directory, with extension.
        extracted: Fields read from the text.
        overrides: Front matter, then sidecar.
        source_hash: sha256 of the file bytes.

    Returns:
        The merged metadata.

    Raises:
        DocumentReadError: An override has a value of the wrong type.
    """
    fields: dict[str, Any] = dict(extracted)
    for override in overrides:
        unknown = sorted(set(override) - OVERRIDABLE_FIELDS)
        if unknown:
            logger.warning("%s: ignoring unknown metadata keys %s (known: %s)", path, unknown, sorted(OVERRIDABLE_FIELDS))
        fields.update({key: _coerce(key, value) for key, value in override.items() if key in OVERRIDABLE_FIELDS})
    try:
        return DocumentMeta(doc_id=doc_id, path=path, source_hash=source_hash, **fields)
    except ValidationError as exc:
        raise DocumentReadError(Path(path), f"invalid metadata value: {exc}") from exc


def _coerce(key: str, value: Any) -> Any:
    """YAML dates become ISO strings, bare numbers strings (except year), text is normalised."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and key != "year":
        return str(value)
    if isinstance(value, str):
        return normalize(value.strip())
    if isinstance(value, list):
        return [_coerce(key, item) for item in value]
    return value
